package dev.operators.ecr.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the offline commands ({@code validate}, {@code render}, {@code preview}) share, as a picocli
 * mixin: their options ({@code --help}, {@code --version}), where they print, how they read an
 * input (a file, or standard input for {@code -}) as a {@link Manifest} or as text, and that an
 * input they cannot use ends the command with one line saying why and {@link
 * ExitCodes#UNUSABLE_INPUT}. Each command declares its own inputs: FILE, or {@code --policy} and
 * {@code --images}.
 */
@Command(mixinStandardHelpOptions = true)
final class OfflineInput {
  /** A command's work, which may find an input unusable. */
  interface Work {
    int call() throws UnusableInputException;
  }

  private final InputStream stdin;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  OfflineInput(InputStream stdin) {
    this.stdin = stdin;
  }

  /** The command's exit status: its work's, or 2 with the reason on standard error. */
  int run(Work work) {
    try {
      return work.call();
    } catch (UnusableInputException e) {
      err().println(e.getMessage());
      return ExitCodes.UNUSABLE_INPUT;
    }
  }

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  String text(String file) throws UnusableInputException {
    return InputText.read(file, stdin);
  }

  Manifest manifest(String file) throws UnusableInputException {
    return Manifest.read(text(file), file);
  }
}
