package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a resource of one of the operator's kinds as the API server would store it, refusing what
 * it would not: another apiVersion, no name, unknown fields (as kubectl's strict field validation
 * does) and values of the wrong type.
 */
final class StrictDocument {
  // Nothing is coerced, as in the schema: "7" is not a number, 1.5 is not a whole number, 4711 and
  // true are not strings, and 1 is not the second value of an enum.
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              strings ->
                  strings
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private StrictDocument() {}

  /** The resource; null, with {@code problems} filled in, when the API server would refuse it. */
  static <T extends HasMetadata> T read(JsonNode document, Class<T> type, List<String> problems) {
    String expected = HasMetadata.getApiVersion(type);
    String apiVersion = document.path("apiVersion").asText("");
    if (!apiVersion.equals(expected)) {
      problems.add("apiVersion: must be " + expected + "; found \"" + apiVersion + "\"");
    }
    if (!document.path("metadata").path("name").isTextual()) {
      problems.add("metadata.name: is required");
    }
    T resource = null;
    try {
      resource = STRICT.treeToValue(document, type);
    } catch (JsonProcessingException e) {
      problems.add(problem(e));
    }
    return problems.isEmpty() ? resource : null;
  }

  private static String problem(JsonProcessingException e) {
    String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
    return (path.isEmpty() ? "document" : path) + ": " + message(e);
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFrom() instanceof Map) {
        // A key of a map such as spec.tags, as the operator names it: spec.tags[cost-center].
        path.append('[').append(reference.getFieldName()).append(']');
      } else if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String message(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field; the fields here are " + sorted(unknown.getKnownPropertyIds());
    }
    if (e.getCause() instanceof InputCoercionException) {
      return "is out of range: at most " + Integer.MAX_VALUE + " (ECR stores a 32-bit integer)";
    }
    if (e instanceof InvalidFormatException scalar && scalar.getTargetType() == String.class) {
      return "must be a string: quote it, \"" + scalar.getValue() + "\"";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "must be " + expected(mismatch.getTargetType());
    }
    return e.getOriginalMessage();
  }

  private static String expected(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of "
          + Stream.of(type.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
    }
    return "an object";
  }

  private static String sorted(Collection<Object> names) {
    return new TreeSet<>(names.stream().map(Object::toString).toList())
        .stream().collect(Collectors.joining(", "));
  }
}
