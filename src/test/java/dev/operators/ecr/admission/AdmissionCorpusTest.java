package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer 4: every good spec passes both admission (the generated CRD of its kind) and the operator's
 * check of that kind; every bad spec is refused by the layer(s) its header names, and only by
 * those. Every kind of crds/ has good and bad specs, and every CEL rule of its CRD is broken by one
 * of them (how to add a kind: {@link OperatorChecks}).
 */
class AdmissionCorpusTest {
  private static final Path CORPUS = Path.of("src", "test", "resources", "admission");
  private static final Path EXAMPLES = Path.of("k8s", "examples");

  static Stream<CorpusSpec> goodSpecs() throws IOException {
    return Stream.concat(examples(), specs(CORPUS.resolve("good")));
  }

  private static Stream<CorpusSpec> examples() throws IOException {
    List<CorpusSpec> specs = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        specs.addAll(CorpusSpec.examples(file));
      }
    }
    return specs.stream();
  }

  static Stream<CorpusSpec> badSpecs() throws IOException {
    return specs(CORPUS.resolve("bad"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodSpecs")
  void goodSpecPassesAdmissionAndTheOperator(CorpusSpec spec) {
    assertEquals(List.of(), spec.admission(), "admission");
    assertEquals(List.of(), spec.operatorProblems(), "operator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badSpecIsRefusedWhereExpected(CorpusSpec spec) {
    assertTrue(
        spec.admissionRefuses() != null || spec.operatorRefuses() != null,
        "a bad spec names the layer that refuses it");

    List<Rejection> admission = spec.admission();
    if (spec.admissionRefuses() == null) {
      assertEquals(List.of(), admission, "admission should accept it");
    } else {
      assertEquals(1, admission.size(), "one mistake, one rejection: " + admission);
      assertContains(admission.get(0).toString(), spec.admissionRefuses());
    }

    List<String> operator = spec.operatorProblems();
    if (spec.operatorRefuses() == null) {
      assertEquals(List.of(), operator, "the operator should accept it");
    } else {
      assertTrue(
          operator.stream().anyMatch(p -> p.contains(spec.operatorRefuses())),
          "expected a problem containing <" + spec.operatorRefuses() + "> in " + operator);
    }
  }

  static List<Crd> kinds() {
    return Crd.in(Crd.COMMITTED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindHasAnOperatorCheckAndGoodAndBadSpecs(Crd crd) throws IOException {
    assertTrue(
        OperatorChecks.covers(crd.kind()),
        "no operator check for kind " + crd.kind() + ": add one to OperatorChecks");
    assertTrue(
        specs(CORPUS.resolve("good")).anyMatch(s -> s.kind().equals(crd.kind())),
        "no good spec of kind " + crd.kind() + " in " + CORPUS.resolve("good"));
    assertTrue(
        badSpecs().anyMatch(s -> s.kind().equals(crd.kind())),
        "no bad spec of kind " + crd.kind() + " in " + CORPUS.resolve("bad"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyCelRuleIsBrokenBySomeBadSpec(Crd crd) throws IOException {
    Set<String> broken = new TreeSet<>();
    badSpecs()
        .filter(spec -> spec.kind().equals(crd.kind()))
        .forEach(spec -> spec.admission().forEach(r -> broken.add(r.message())));
    for (CelRules.Rule rule : CelRules.declaredIn(crd.openApiV3Schema())) {
      assertTrue(
          broken.stream().anyMatch(m -> m.endsWith(rule.message())),
          "no bad " + crd.kind() + " breaks the rule at " + rule.path() + ": " + rule.expression());
    }
  }

  private static void assertContains(String actual, String expected) {
    assertTrue(actual.contains(expected), "expected <" + expected + "> in <" + actual + ">");
  }

  private static Stream<CorpusSpec> specs(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      return yaml.stream().map(AdmissionCorpusTest::read);
    }
  }

  private static CorpusSpec read(Path file) {
    try {
      return CorpusSpec.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
