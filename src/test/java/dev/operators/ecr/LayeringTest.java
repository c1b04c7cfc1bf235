package dev.operators.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Imports in src/main/java point one way, down the layers each package's package-info.java names:
 * the command line and the runtime above the reconcilers, the reconcilers above status, sync and
 * the desired state, and those above the API types, the policy engine and the ECR port. A package
 * (with its sub-packages) may use its own classes and those of lower layers only; two packages of
 * one layer may not use each other. A plain scan of the source text: every import, and every name
 * written out in full outside a comment.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src", "main", "java");
  private static final String ROOT = "dev.operators.ecr";

  /** The layer of each package under dev.operators.ecr; "" is that package itself (Main). */
  static final Map<String, Integer> LAYERS =
      Map.ofEntries(
          Map.entry("", 9),
          Map.entry("cli", 8),
          Map.entry("runtime", 7),
          Map.entry("sandbox", 7),
          Map.entry("reconciler", 6),
          Map.entry("status", 5),
          Map.entry("sync", 4),
          Map.entry("desired", 3),
          Map.entry("api", 2),
          Map.entry("policy", 1),
          Map.entry("aws", 1),
          Map.entry("inuse", 1));

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE =
      Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void importsPointDownTheLayers() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .forEach(f -> problems.addAll(violations(MAIN.relativize(f).toString(), read(f))));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void anImportBackUpIsCaught() {
    String source =
        "package dev.operators.ecr.reconciler;\n\n"
            + "import dev.operators.ecr.runtime.OperatorSettings;\n"
            + "import dev.operators.ecr.status.Conditions;\n"
            + "/** dev.operators.ecr.cli.Anything in a comment does not count. */\n"
            + "class X { dev.operators.ecr.cli.RunCommand command; }\n";

    assertEquals(
        List.of(
            "X.java:3: reconciler (layer 6) uses runtime (layer 7)",
            "X.java:6: reconciler (layer 6) uses cli (layer 8)"),
        violations("X.java", source));
  }

  @Test
  void aPackageWithNoLayerIsCaught() {
    assertEquals(
        List.of("X.java: package extra has no layer in LayeringTest"),
        violations("X.java", "package dev.operators.ecr.extra;\nclass X {}\n"));
  }

  /** Every use in {@code source} of a package of the same or a higher layer. */
  static List<String> violations(String file, String source) {
    Matcher declared = PACKAGE.matcher(source);
    if (!declared.find()) {
      return List.of(file + ": no package declaration");
    }
    String own = group(declared.group(1));
    if (!LAYERS.containsKey(own)) {
      return List.of(file + ": package " + own + " has no layer in LayeringTest");
    }
    List<String> problems = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    boolean inComment = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (inComment || line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("//") || line.startsWith("package ")) {
        continue;
      }
      Matcher used = REFERENCE.matcher(line.replaceAll("//.*", ""));
      while (used.find()) {
        String target = group(ROOT + used.group(1));
        if (target.equals(own)) {
          continue;
        }
        Integer layer = LAYERS.get(target);
        if (layer == null || layer >= LAYERS.get(own)) {
          problems.add(
              String.format(
                  "%s:%d: %s (layer %d) uses %s (layer %s)",
                  file, i + 1, own, LAYERS.get(own), target, layer));
        }
      }
    }
    return problems;
  }

  /** The package under dev.operators.ecr a package belongs to, with its sub-packages. */
  private static String group(String packageName) {
    if (packageName.equals(ROOT)) {
      return "";
    }
    String rest = packageName.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
