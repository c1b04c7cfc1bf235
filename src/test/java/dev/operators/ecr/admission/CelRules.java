package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of a CRD schema, evaluated where the API server
 * evaluates them: {@code self} is the value at the rule's node, and a rule that mentions {@code
 * oldSelf} (a transition rule) runs only on an update where the old object has a value there too.
 * Old values are matched through object fields and map keys, as the API server does; list items are
 * not matched, as for the atomic lists this CRD has.
 *
 * <p>Only CEL's standard library and macros are available here; the API server adds Kubernetes
 * extension libraries, so a rule using one fails to compile in this check (the safe direction).
 */
final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /**
   * One rule as the schema declares it.
   *
   * @param path where, like {@code spec.lifecyclePolicy.rules[*].selection}
   * @param schema the schema node that carries it
   */
  record Rule(String path, JsonNode schema, String expression, String message) {
    boolean isTransition() {
      return OLD_SELF.matcher(expression).find();
    }
  }

  private record Compiled(Rule rule, CelRuntime.Program program) {}

  private final JsonNode rootSchema;
  private final Map<JsonNode, List<Compiled>> bySchemaNode = new IdentityHashMap<>();

  CelRules(JsonNode rootSchema) {
    this.rootSchema = rootSchema;
    for (Rule rule : declaredIn(rootSchema)) {
      try {
        CelRuntime.Program program = RUNTIME.createProgram(compile(rule.expression()));
        bySchemaNode
            .computeIfAbsent(rule.schema(), s -> new ArrayList<>())
            .add(new Compiled(rule, program));
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("rule at " + rule.path() + " does not compile", e);
      }
    }
  }

  /** Every rule in a schema, parents before children. */
  static List<Rule> declaredIn(JsonNode schema) {
    List<Rule> rules = new ArrayList<>();
    collect(schema, "", rules);
    return rules;
  }

  /** Type-checks a rule as a boolean expression of {@code self} and {@code oldSelf}. */
  static CelAbstractSyntaxTree compile(String expression) throws CelValidationException {
    return COMPILER.compile(expression).getAst();
  }

  /** The rules {@code object} breaks; {@code old} is null on create. */
  List<Rejection> evaluate(JsonNode object, JsonNode old) {
    List<Rejection> rejections = new ArrayList<>();
    evaluate(rootSchema, object, old, "", rejections);
    return rejections;
  }

  private void evaluate(
      JsonNode schema, JsonNode value, JsonNode old, String path, List<Rejection> rejections) {
    if (value == null) {
      return;
    }
    for (Compiled compiled : bySchemaNode.getOrDefault(schema, List.of())) {
      Rule rule = compiled.rule();
      if (rule.isTransition() && old == null) {
        continue;
      }
      Map<String, Object> variables = new HashMap<>();
      variables.put("self", toCel(value));
      if (old != null) {
        variables.put("oldSelf", toCel(old));
      }
      String where = path.isEmpty() ? "<root>" : path;
      try {
        if (!Boolean.TRUE.equals(compiled.program().eval(variables))) {
          rejections.add(Rejection.ofRule(path, value, rule.message()));
        }
      } catch (CelEvaluationException e) {
        rejections.add(
            new Rejection(where, "rule " + rule.expression() + " failed: " + e.getMessage()));
      }
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && value.isObject()) {
      properties
          .fields()
          .forEachRemaining(
              p ->
                  evaluate(
                      p.getValue(),
                      value.get(p.getKey()),
                      old == null ? null : old.get(p.getKey()),
                      path.isEmpty() ? p.getKey() : path + "." + p.getKey(),
                      rejections));
    }
    JsonNode items = schema.get("items");
    if (items != null && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        evaluate(items, value.get(i), null, path + "[" + i + "]", rejections);
      }
    }
    JsonNode mapValues = schema.get("additionalProperties");
    if (mapValues != null && mapValues.isObject() && value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              entry ->
                  evaluate(
                      mapValues,
                      entry.getValue(),
                      old == null ? null : old.get(entry.getKey()),
                      path + "[" + entry.getKey() + "]",
                      rejections));
    }
  }

  private static void collect(JsonNode schema, String path, List<Rule> rules) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      rules.add(
          new Rule(
              path.isEmpty() ? "<root>" : path,
              schema,
              rule.path("rule").asText(),
              rule.path("message").asText(null)));
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p ->
                collect(
                    p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), rules));
    if (schema.has("items")) {
      collect(schema.get("items"), path + "[*]", rules);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(schema.get("additionalProperties"), path + "[*]", rules);
    }
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }
}
