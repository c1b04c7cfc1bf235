package dev.operators.ecr.cli;

import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.logging.LogFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The arguments of {@code ecr-operator run} as the operator's own parser reads them: for tests of
 * what an installation passes (the Helm chart's rendered container args).
 */
public final class RunArguments {

  /** What the operator would run with, or an exception naming the flag it cannot use. */
  public record Parsed(OperatorSettings settings, LogFormat logFormat) {}

  private RunArguments() {}

  /**
   * Parses {@code args} (after the {@code run} subcommand) with the pod's {@code environment}
   * (POD_NAMESPACE, POD_NAME).
   */
  public static Parsed parse(List<String> args, Map<String, String> environment) {
    RunCommand run = new RunCommand();
    CommandLine line = new CommandLine(run);
    line.parseArgs(args.toArray(String[]::new));
    return new Parsed(run.settings(environment::get), run.logFormat);
  }
}
