package dev.operators.ecr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** One run of a command as the command line runs it, with what it printed. */
record CommandRun(int exitCode, String out, String err) {
  static final Path FILES = Path.of("src", "test", "resources", "cli");
  static final Path EXAMPLES = Path.of("k8s", "examples");

  static CommandRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  static String file(String name) {
    return FILES.resolve(name).toString();
  }

  static String example(String name) {
    return EXAMPLES.resolve(name).toString();
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
