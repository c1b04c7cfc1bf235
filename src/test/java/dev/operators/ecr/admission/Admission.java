package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server would answer to a create or an update of one kind, worked out offline from
 * the kind's generated CRD: null fields dropped and defaults filled in, then the structural schema,
 * then the CEL rules, which the API server skips when the schema found a wrong type, a value not in
 * an enum, a missing required field or a too long string, list or map (its TooLong and TooMany
 * errors).
 */
final class Admission {
  private static final Map<String, Admission> BY_KIND = new ConcurrentHashMap<>();
  private static final Set<String> BLOCKING_KEYWORDS =
      Set.of("type", "enum", "required", "maxLength", "maxItems", "maxProperties");

  private final JsonNode openApiV3Schema;
  private final OpenApiSchema schema;
  private final CelRules rules;

  private Admission(JsonNode openApiV3Schema) {
    this.openApiV3Schema = openApiV3Schema;
    this.schema = new OpenApiSchema(openApiV3Schema);
    this.rules = new CelRules(openApiV3Schema);
  }

  /** Admission of {@code kind}, by its generated CRD. */
  static Admission of(String kind) {
    return BY_KIND.computeIfAbsent(kind, k -> new Admission(Crd.generated(k).openApiV3Schema()));
  }

  List<Rejection> create(JsonNode object) {
    return admit(prepared(object), null);
  }

  List<Rejection> update(JsonNode old, JsonNode updated) {
    return admit(prepared(updated), prepared(old));
  }

  private List<Rejection> admit(JsonNode object, JsonNode old) {
    List<Rejection> floats = FieldErrors.floatsForIntegers(openApiV3Schema, object);
    List<Rejection> rejections = new ArrayList<>(floats);
    List<Error> errors = schema.validate(object);
    for (Error error : errors) {
      Rejection rejection = FieldErrors.of(error);
      // A float where an integer belongs is reported once, as the type error above.
      if (floats.stream().noneMatch(f -> f.path().equals(rejection.path()))) {
        rejections.add(rejection);
      }
    }
    if (floats.isEmpty()
        && errors.stream().noneMatch(e -> BLOCKING_KEYWORDS.contains(e.getKeyword()))) {
      rejections.addAll(rules.evaluate(object, old));
    }
    return rejections;
  }

  // The API server drops fields set to null (no field of this schema is nullable) and fills in
  // defaults before it validates.
  private JsonNode prepared(JsonNode object) {
    JsonNode copy = object.deepCopy();
    prepare(openApiV3Schema, copy);
    return copy;
  }

  private static void prepare(JsonNode schema, JsonNode value) {
    JsonNode properties = schema.get("properties");
    if (value instanceof ObjectNode object && properties != null) {
      object.properties().removeIf(field -> field.getValue().isNull());
      properties
          .fields()
          .forEachRemaining(
              p -> {
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                  object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (object.has(p.getKey())) {
                  prepare(p.getValue(), object.get(p.getKey()));
                }
              });
    }
    if (value.isArray() && schema.has("items")) {
      value.forEach(item -> prepare(schema.get("items"), item));
    }
  }
}
