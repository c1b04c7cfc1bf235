package dev.operators.ecr.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code and documentation cite docs/ecr-semantics.md by section: a number such as 3.4, a validation
 * rule such as V22, an evaluation rule such as E9, each after a section sign. Every cited section
 * exists, every source file that cites one names the document, and the behaviour reference that
 * lived outside the repository is cited nowhere.
 *
 * <p>This file's own examples of bad citations are not scanned.
 */
class SemanticsCitationsTest {
  private static final Path SEMANTICS = Path.of("docs", "ecr-semantics.md");
  private static final String DOCUMENT = "docs/ecr-semantics.md";
  private static final List<Path> CITING =
      List.of(
          Path.of("src", "main", "java"),
          Path.of("src", "test", "java"),
          Path.of("src", "jmh", "java"),
          Path.of("docs"),
          Path.of("README.md"));

  private static final Path THIS_FILE = Path.of("SemanticsCitationsTest.java");

  /** The earlier, external reference; split so that this file does not contain it. */
  private static final String OLD_REFERENCE = "ECR-" + "BEHAVIOUR";

  private static final Pattern OLD_CITATION = Pattern.compile(Pattern.quote(OLD_REFERENCE));

  private static final String SECTION_SIGN = "§";
  private static final String ID = "(?:[VE][0-9]+|[0-9]+(?:\\.[0-9]+)*)";
  private static final Pattern CITATION = Pattern.compile(SECTION_SIGN + "(" + ID + ")?");
  private static final Pattern HEADING =
      Pattern.compile("^#{2,6} ([0-9]+(?:\\.[0-9]+)*)\\.? ", Pattern.MULTILINE);
  private static final Pattern RULE =
      Pattern.compile("^- \\*\\*([VE][0-9]+)\\*\\* ", Pattern.MULTILINE);

  /** The document's name with no section after it, in Java, where a comment may wrap. */
  private static final Pattern UNSECTIONED =
      Pattern.compile(
          Pattern.quote(DOCUMENT)
              + "(?![ \\t]*(?:\\R[ \\t]*(?:\\*|//)?[ \\t]*)?"
              + SECTION_SIGN
              + ")");

  @Test
  void everyCitedSectionExists() {
    Set<String> sections = new LinkedHashSet<>(sectionIds(read(SEMANTICS)));
    List<String> problems = new ArrayList<>();
    for (Path file : files(CITING, f -> javaOrMarkdown(f) && !f.endsWith(THIS_FILE))) {
      problems.addAll(citationProblems(sections, file, read(file)));
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void theOldReferenceIsCitedNowhere() {
    List<String> problems = new ArrayList<>();
    List<Path> roots = List.of(Path.of("src"), Path.of("docs"), Path.of("README.md"));
    for (Path file : files(roots, f -> true)) {
      problems.addAll(lines(file, readAnyBytes(file), OLD_CITATION));
    }
    assertTrue(
        problems.isEmpty(),
        "cite " + DOCUMENT + " instead of " + OLD_REFERENCE + ":\n" + String.join("\n", problems));
  }

  @Test
  void theDocumentNumbersItsRulesWithoutGapsOrRepeats() {
    List<String> ids = sectionIds(read(SEMANTICS));
    assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), "a section id repeats: " + ids);
    for (String kind : List.of("V", "E")) {
      List<String> numbered = ids.stream().filter(id -> id.startsWith(kind)).toList();
      List<String> expected =
          IntStream.rangeClosed(1, numbered.size()).mapToObj(i -> kind + i).toList();
      assertEquals(expected, numbered, "the " + kind + " rules in " + SEMANTICS);
    }
    assertTrue(ids.contains("V22") && ids.contains("3.4"), "sections missing: " + ids);
  }

  @Test
  void aBadCitationIsReportedWithFileAndLine() {
    Set<String> sections = Set.of("1.3", "V22");
    Path file = Path.of("Example.java");
    String text =
        "/** docs/ecr-semantics.md §1.3. */\n"
            + "// docs/ecr-semantics.md §V23 and §1.3\n"
            + "// docs/ecr-semantics.md\n"
            + "//     §V22, docs/ecr-semantics.md 3.4, § 2\n";
    assertEquals(
        List.of(
            "Example.java:2: cites §V23, which docs/ecr-semantics.md does not have",
            "Example.java:4: a section sign without a section id",
            "Example.java:4: cites docs/ecr-semantics.md without a section"),
        citationProblems(sections, file, text));
    assertEquals(
        List.of("Example.java:1: cites a section without naming docs/ecr-semantics.md"),
        citationProblems(sections, file, "// see §1.3\n"));
  }

  /** The section numbers (headings), then the rule ids (list items), of the document. */
  static List<String> sectionIds(String document) {
    return Stream.of(HEADING, RULE)
        .flatMap(p -> p.matcher(document).results().map(m -> m.group(1)))
        .toList();
  }

  /** What is wrong with the citations in one file, each as {@code file:line: problem}. */
  static List<String> citationProblems(Set<String> sections, Path file, String text) {
    List<String> problems = new ArrayList<>();
    Matcher citation = CITATION.matcher(text);
    while (citation.find()) {
      String id = citation.group(1);
      String where = file + ":" + line(text, citation.start()) + ": ";
      if (id == null) {
        problems.add(where + "a section sign without a section id");
      } else if (!sections.contains(id)) {
        problems.add(
            where + "cites " + SECTION_SIGN + id + ", which " + DOCUMENT + " does not have");
      }
    }
    if (file.toString().endsWith(".java")) {
      problems.addAll(
          lines(file, text, UNSECTIONED).stream()
              .map(where -> where + ": cites " + DOCUMENT + " without a section")
              .toList());
      if (CITATION.matcher(text).find() && !text.contains(DOCUMENT)) {
        problems.add(
            file
                + ":"
                + line(text, text.indexOf(SECTION_SIGN))
                + ": cites a section without naming "
                + DOCUMENT);
      }
    }
    return problems;
  }

  /** {@code file:line} of each match. */
  private static List<String> lines(Path file, String text, Pattern pattern) {
    return pattern.matcher(text).results().map(m -> file + ":" + line(text, m.start())).toList();
  }

  private static int line(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static boolean javaOrMarkdown(Path file) {
    return file.toString().endsWith(".java") || file.toString().endsWith(".md");
  }

  /** Every file under the given paths that {@code wanted} accepts, in a stable order. */
  private static List<Path> files(List<Path> roots, Predicate<Path> wanted) {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).filter(wanted).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
    }
    return files;
  }

  /** Any file's bytes as text, one character per byte, for a search of ASCII text. */
  private static String readAnyBytes(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
