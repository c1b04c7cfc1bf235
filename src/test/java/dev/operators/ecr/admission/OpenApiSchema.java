package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Set;

/**
 * A CRD's structural schema (Kubernetes OpenAPI v3) checked as JSON Schema 2020-12.
 *
 * <p>The translation keeps the keywords whose meaning is the same in both (types, enum, pattern,
 * bounds, required, properties, items), forbids fields the schema does not declare (as {@code
 * kubectl apply} does with its default strict field validation), and refuses any other keyword, so
 * that a schema feature this check does not model is noticed rather than ignored.
 */
final class OpenApiSchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> SAME_MEANING =
      Set.of(
          "type",
          "enum",
          "pattern",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "required",
          "description",
          "default");

  private final Schema schema;

  OpenApiSchema(JsonNode openApiV3Schema) {
    ObjectNode translated = translate(openApiV3Schema);
    // Every object carries these; the API server checks them itself.
    ObjectNode root = (ObjectNode) translated.get("properties");
    root.set("apiVersion", NODES.objectNode().put("type", "string"));
    root.set("kind", NODES.objectNode().put("type", "string"));
    root.set("metadata", NODES.objectNode().put("type", "object"));
    this.schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(translated);
  }

  /** What the schema refuses in {@code object}. */
  List<Error> validate(JsonNode object) {
    return schema.validate(object);
  }

  private static ObjectNode translate(JsonNode openApi) {
    ObjectNode out = NODES.objectNode();
    openApi
        .fields()
        .forEachRemaining(
            field -> {
              String keyword = field.getKey();
              JsonNode value = field.getValue();
              if (SAME_MEANING.contains(keyword)) {
                out.set(keyword, value);
              } else if (keyword.equals("properties")) {
                ObjectNode properties = out.putObject("properties");
                value
                    .fields()
                    .forEachRemaining(p -> properties.set(p.getKey(), translate(p.getValue())));
                out.put("additionalProperties", false);
              } else if (keyword.equals("items")) {
                out.set("items", translate(value));
              } else if (keyword.equals("additionalProperties")) {
                // A map: every value follows the given schema.
                out.set(keyword, value.isObject() ? translate(value) : value);
              } else if (!keyword.equals("x-kubernetes-validations")) {
                // x-kubernetes-validations are CEL rules, evaluated by CelRules.
                throw new IllegalArgumentException(
                    "the offline schema check does not model the keyword " + keyword);
              }
            });
    return out;
  }
}
