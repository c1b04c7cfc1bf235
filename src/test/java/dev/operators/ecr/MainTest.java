package dev.operators.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private static List<String> parsed(String... args) {
    return List.of(Main.withDefaultCommand(args));
  }

  @Test
  void runIsTheDefaultCommand() {
    assertEquals(List.of("run"), parsed());
    assertEquals(List.of("run", "--region", "x"), parsed("--region", "x"));
  }

  @Test
  void namedCommandsAndTopLevelHelpAreLeftAlone() {
    assertEquals(List.of("sandbox", "--hold"), parsed("sandbox", "--hold"));
    assertEquals(List.of("--help"), parsed("--help"));
    assertEquals(List.of("-V"), parsed("-V"));
  }

  @Test
  void everyCommandPrintsTheVersionTheTopLevelPrints() {
    String top = version();
    assertEquals(new Main.Version().getVersion()[0] + "\n", top);
    for (String command : List.of("run", "sandbox", "validate", "render", "preview")) {
      assertEquals(top, version(command, "-V"), command);
    }
  }

  private static String version(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.execute(args.length == 0 ? new String[] {"-V"} : args);
    return out.toString();
  }

  @Test
  void aCommandLineThatCannotBeParsedIsItsLineAndWhereTheHelpIs() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    assertEquals(2, commandLine.execute("run", "--reconcile-threads", "x"));
    assertEquals(
        List.of(
            "Invalid value for option '--reconcile-threads': 'x' is not an int",
            "See 'ecr-operator run --help'."),
        err.toString().lines().toList());

    StringWriter typo = new StringWriter();
    commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(typo));
    assertEquals(2, commandLine.execute("validate", "--strictt", "x.yaml"));
    List<String> lines = typo.toString().lines().toList();
    assertEquals("Unknown option: '--strictt'", lines.get(0), typo.toString());
    assertEquals("See 'ecr-operator validate --help'.", lines.get(lines.size() - 1));
  }
}
