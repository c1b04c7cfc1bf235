package dev.operators.ecr;

import dev.operators.ecr.cli.PreviewCommand;
import dev.operators.ecr.cli.RenderCommand;
import dev.operators.ecr.cli.RunCommand;
import dev.operators.ecr.cli.SandboxCommand;
import dev.operators.ecr.cli.ValidateCommand;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: run (default) | render | validate | preview | sandbox. */
@Command(
    name = "ecr-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Manages Amazon ECR repositories and their lifecycle policies from Kubernetes.",
    subcommands = {
      RunCommand.class,
      RenderCommand.class,
      ValidateCommand.class,
      PreviewCommand.class,
      SandboxCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code; {@code run} when no command is named. */
  public static int execute(String... args) {
    return commandLine().execute(withDefaultCommand(args));
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    // A command line picocli cannot parse is its one line (and a suggestion for a mistyped
    // option) and where the help is, not the whole usage: as the commands' own checks do.
    commandLine.setParameterExceptionHandler(
        (problem, args) -> {
          CommandLine failed = problem.getCommandLine();
          failed.getErr().println(problem.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(problem, failed.getErr());
          failed.getErr().println("See '" + failed.getCommandSpec().qualifiedName() + " --help'.");
          return CommandLine.ExitCode.USAGE;
        });
    // Every command's -V prints the same version as the top level's.
    commandLine
        .getSubcommands()
        .values()
        .forEach(command -> command.getCommandSpec().versionProvider(new Version()));
    return commandLine;
  }

  static String[] withDefaultCommand(String[] args) {
    if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL_OPTIONS.contains(args[0]))) {
      return args;
    }
    String[] withRun = new String[args.length + 1];
    withRun[0] = "run";
    System.arraycopy(args, 0, withRun, 1, args.length);
    return withRun;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ecr-operator " + (version == null ? "(development)" : version)};
    }
  }
}
