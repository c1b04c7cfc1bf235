package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelValidationException;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.desired.Owner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CEL rules of every generated CRD compile, say what is wrong, and have a bounded cost: every
 * list, map and string a rule can read has a maxItems, maxProperties or maxLength (or, for strings,
 * an enum), which is what the API server's cost estimate needs to accept the CRD. Map keys cannot
 * be bounded by a structural schema; a rule over them must bound them itself and use only
 * operations whose cost does not grow with the key (size, startsWith a literal, in).
 */
class CelRulesTest {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<CelRules.Rule> REPOSITORY_RULES =
      rules(Crd.generated(HasMetadata.getKind(EcrRepository.class)));

  static List<Crd> crds() {
    return Crd.in(Crd.GENERATED);
  }

  private static List<CelRules.Rule> rules(Crd crd) {
    return CelRules.declaredIn(crd.openApiV3Schema());
  }

  @Test
  void theRepositoryCrdHasRules() {
    assertTrue(
        REPOSITORY_RULES.size() >= 10,
        "expected the CRD's CEL rules, found " + REPOSITORY_RULES.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyRuleCompilesToABoolean(Crd crd) {
    for (CelRules.Rule rule : rules(crd)) {
      try {
        CelRules.compile(rule.expression());
      } catch (CelValidationException e) {
        throw new AssertionError(rule.path() + ": " + e.getMessage(), e);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyRuleHasItsOwnMessage(Crd crd) {
    List<CelRules.Rule> rules = rules(crd);
    for (CelRules.Rule rule : rules) {
      assertTrue(
          rule.message() != null && rule.message().length() > 20,
          rule.path() + ": a rule needs a message that says what to change");
    }
    assertEquals(
        rules.size(),
        rules.stream().map(CelRules.Rule::message).distinct().count(),
        "two rules share a message, so a rejection would not say which one failed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyListMapAndStringARuleReadsIsBounded(Crd crd) {
    List<String> unbounded = new ArrayList<>();
    for (CelRules.Rule rule : rules(crd)) {
      unboundedUnder(rule.schema(), rule.path(), mentioned(rule.expression()), unbounded);
    }
    assertEquals(List.of(), unbounded);
  }

  @Test
  void theOwnerTagKeyTheOperatorWritesIsReservedInTheSpec() {
    assertTrue(
        REPOSITORY_RULES.stream()
            .anyMatch(
                r ->
                    r.path().equals("spec.tags")
                        && r.expression().contains("'" + Owner.TAG_KEY + "' in self")),
        "no rule on spec.tags reserves " + Owner.TAG_KEY);
  }

  @Test
  void theBoundCheckFindsWhatIsUnbounded() throws Exception {
    JsonNode schema =
        new ObjectMapper()
            .readTree(
                """
                {"type": "object", "properties": {
                  "read": {"type": "array", "items": {"type": "string"}},
                  "readMap": {"type": "object", "additionalProperties": {"type": "string"}},
                  "boundedMap": {"type": "object", "maxProperties": 3,
                    "additionalProperties": {"type": "string", "maxLength": 5}},
                  "unread": {"type": "string"}}}
                """);
    List<String> unbounded = new ArrayList<>();

    unboundedUnder(schema, "x", Set.of("read", "readMap", "boundedMap"), unbounded);

    assertEquals(
        List.of(
            "x.read (a list without maxItems)",
            "x.read[*] (a string without maxLength or enum)",
            "x.readMap (a map without maxProperties)",
            "x.readMap[*] (a string without maxLength or enum)"),
        unbounded);
  }

  // A rule can read its own node and every field it names below it; naming a field anywhere in
  // the expression counts, which errs on the strict side.
  private static void unboundedUnder(
      JsonNode schema, String path, Set<String> mentioned, List<String> unbounded) {
    String type = schema.path("type").asText();
    if (type.equals("array")) {
      if (!schema.has("maxItems")) {
        unbounded.add(path + " (a list without maxItems)");
      }
      unboundedUnder(schema.get("items"), path + "[*]", mentioned, unbounded);
    } else if (type.equals("string") && !schema.has("maxLength") && !schema.has("enum")) {
      unbounded.add(path + " (a string without maxLength or enum)");
    } else if (type.equals("object") && schema.path("additionalProperties").isObject()) {
      if (!schema.has("maxProperties")) {
        unbounded.add(path + " (a map without maxProperties)");
      }
      unboundedUnder(schema.get("additionalProperties"), path + "[*]", mentioned, unbounded);
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              if (mentioned.contains(p.getKey())) {
                unboundedUnder(p.getValue(), path + "." + p.getKey(), mentioned, unbounded);
              }
            });
  }

  private static Set<String> mentioned(String expression) {
    Matcher matcher = IDENTIFIER.matcher(expression.replaceAll("'[^']*'", ""));
    return matcher.results().map(m -> m.group()).collect(Collectors.toSet());
  }
}
