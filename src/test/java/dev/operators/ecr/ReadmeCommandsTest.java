package dev.operators.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's offline commands ({@code validate}, {@code render}, {@code preview}) run as it
 * prints them, in this JVM: in a {@code sh} block each exits 0; in a {@code console} block each
 * exits 0, prints nothing on standard error and prints the JSON shown under it (compared as JSON:
 * the README may lay it out more compactly). The sandbox is run by SandboxJarIT; {@code run} needs
 * a cluster.
 */
class ReadmeCommandsTest {
  private static final Path README = Path.of("README.md");
  private static final String JAR = "java -jar target/ecr-operator.jar ";
  private static final Set<String> OFFLINE = Set.of("validate", "render", "preview");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One command of the README and, in a console block, the output shown under it. */
  record Example(int line, List<String> args, String shownOutput) {}

  @Test
  void everyOfflineCommandRunsAsTheReadmeShows() throws IOException {
    List<Example> examples = examples(Files.readString(README));

    assertTrue(
        examples.stream().filter(e -> e.args().get(0).equals("preview")).count() >= 3,
        "the README's preview commands were not found: " + examples);
    for (Example example : examples) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine = Main.commandLine();
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      int exitCode = commandLine.execute(example.args().toArray(String[]::new));

      String where = "README.md:" + example.line() + " " + example.args();
      assertEquals(0, exitCode, where + "\n" + err);
      if (example.shownOutput() != null) {
        assertEquals("", err.toString(), where);
        assertEquals(JSON.readTree(example.shownOutput()), JSON.readTree(out.toString()), where);
      }
    }
  }

  @Test
  void commandsAndTheirOutputAreFoundInShAndConsoleBlocks() {
    String readme =
        """
        ```sh
        java -jar target/ecr-operator.jar validate a.yaml   # exit 0
        java -jar target/ecr-operator.jar preview --policy p.yaml \\
            --images i.json
        mvn -B verify
        ```

        ```console
        $ java -jar target/ecr-operator.jar preview --policy p.yaml \\
            --images i.json
        {"results": [],
         "summary": {}}
        $ java -jar target/ecr-operator.jar run --kubeconfig x
        cannot reach
        ```
        """;

    assertEquals(
        List.of(
            new Example(2, List.of("validate", "a.yaml"), null),
            new Example(3, List.of("preview", "--policy", "p.yaml", "--images", "i.json"), null),
            new Example(
                9,
                List.of("preview", "--policy", "p.yaml", "--images", "i.json"),
                "{\"results\": [],\n \"summary\": {}}\n")),
        examples(readme));
  }

  /** The offline commands of a Markdown text, with their line numbers. */
  static List<Example> examples(String markdown) {
    List<Example> examples = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    String block = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        block = block == null ? line.substring(3).strip() : null;
        continue;
      }
      boolean console = "console".equals(block);
      String text = console && line.startsWith("$ ") ? line.substring(2) : line;
      if (block == null
          || !(block.equals("sh") || console && line.startsWith("$ "))
          || !text.startsWith(JAR)) {
        continue;
      }
      int first = i;
      StringBuilder command = new StringBuilder(withoutComment(text));
      while (command.toString().endsWith("\\")) {
        command.setLength(command.length() - 1);
        command.append(' ').append(withoutComment(lines.get(++i)).strip());
      }
      String[] args = command.substring(JAR.length()).trim().split("\\s+");
      assertFalse(
          command.toString().contains("\"") || command.toString().contains("'"),
          command.toString());
      StringBuilder output = new StringBuilder();
      while (console
          && i + 1 < lines.size()
          && !lines.get(i + 1).startsWith("$ ")
          && !lines.get(i + 1).startsWith("```")) {
        output.append(lines.get(++i)).append('\n');
      }
      if (OFFLINE.contains(args[0])) {
        examples.add(
            new Example(first + 1, Arrays.asList(args), console ? output.toString() : null));
      }
    }
    return examples;
  }

  private static String withoutComment(String line) {
    int comment = line.indexOf(" #");
    return (comment < 0 ? line : line.substring(0, comment)).stripTrailing();
  }
}
