package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Schema errors worded as kube-apiserver words them (its field errors and the OpenAPI validator's
 * messages), so that the offline check says what {@code kubectl apply} would print.
 */
final class FieldErrors {
  private FieldErrors() {}

  /** One JSON Schema error as the API server's rejection. */
  static Rejection of(Error error) {
    String path = fieldPath(error.getInstanceLocation());
    JsonNode value = error.getInstanceNode();
    JsonNode limit = error.getSchemaNode();
    return switch (error.getKeyword()) {
      case "type" -> typeError(path, value, limit.asText());
      case "enum" ->
          new Rejection(
              path,
              "Unsupported value: "
                  + goValue(value)
                  + ": supported values: "
                  + StreamSupport.stream(limit.spliterator(), false)
                      .map(FieldErrors::goValue)
                      .collect(Collectors.joining(", ")));
      case "required" -> new Rejection(join(path, error.getProperty()), "Required value");
      case "maximum" -> invalid(path, value, "should be less than or equal to " + number(limit));
      case "minimum" -> invalid(path, value, "should be greater than or equal to " + number(limit));
      case "pattern" -> invalid(path, value, "should match '" + limit.asText() + "'");
      case "minLength" ->
          invalid(path, value, "should be at least " + limit.asInt() + " chars long");
      case "maxLength" ->
          new Rejection(path, "Too long: may not be more than " + limit.asInt() + " bytes");
      case "minItems" ->
          new Rejection(
              path,
              "Invalid value: "
                  + value.size()
                  + ": "
                  + path
                  + " in body should have at least "
                  + limit.asInt()
                  + " items");
      case "maxItems", "maxProperties" ->
          new Rejection(
              path,
              "Too many: " + value.size() + ": must have at most " + limit.asInt() + " items");
      // kubectl's strict field validation (fieldValidation=Strict): a decoding error, not a field
      // error, so the message has no path in front.
      case "additionalProperties" ->
          new Rejection(null, "unknown field \"" + join(path, error.getProperty()) + "\"");
      default ->
          throw new IllegalArgumentException(
              "no Kubernetes wording for the keyword " + error.getKeyword() + ": " + error);
    };
  }

  /**
   * Numbers where the schema wants an integer but the API server decodes a float: a fraction, or an
   * integer beyond int64 (Go's JSON decoder makes it a float64). The JSON Schema check takes both
   * for integers; the API server refuses them with a type error.
   */
  static List<Rejection> floatsForIntegers(JsonNode schema, JsonNode value) {
    List<Rejection> rejections = new ArrayList<>();
    floatsForIntegers(schema, value, "", rejections);
    return rejections;
  }

  private static void floatsForIntegers(
      JsonNode schema, JsonNode value, String path, List<Rejection> rejections) {
    if (value == null || schema == null) {
      return;
    }
    if ("integer".equals(schema.path("type").asText()) && value.isNumber() && !fitsInt64(value)) {
      rejections.add(typeError(path, value, "integer"));
    }
    if (value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              f ->
                  floatsForIntegers(
                      schema.path("properties").has(f.getKey())
                          ? schema.path("properties").get(f.getKey())
                          : schema.get("additionalProperties"),
                      f.getValue(),
                      join(path, f.getKey()),
                      rejections));
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        floatsForIntegers(schema.get("items"), value.get(i), path + "[" + i + "]", rejections);
      }
    }
  }

  private static boolean fitsInt64(JsonNode number) {
    if (number.isIntegralNumber()) {
      return number.canConvertToLong();
    }
    return false;
  }

  private static Rejection typeError(String path, JsonNode value, String expected) {
    String actual = jsonType(value);
    return new Rejection(
        path,
        "Invalid value: \""
            + actual
            + "\": "
            + path
            + " in body must be of type "
            + expected
            + ": \""
            + actual
            + "\"");
  }

  private static Rejection invalid(String path, JsonNode value, String should) {
    return new Rejection(
        path, "Invalid value: " + goValue(value) + ": " + path + " in body " + should);
  }

  /** The JSON type name the OpenAPI validator reports for a value. */
  private static String jsonType(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    return "null";
  }

  /** A value as Go's %#v prints it in a field error: strings quoted as strconv.Quote does. */
  static String goValue(JsonNode value) {
    if (value.isTextual()) {
      return goQuote(value.asText());
    }
    if (value.isNumber()) {
      return number(value);
    }
    return value.toString();
  }

  private static String number(JsonNode value) {
    return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
  }

  /** strconv.Quote: printable characters as they are, the rest escaped. */
  static String goQuote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                  if (isGoPrintable(c)) {
                    out.appendCodePoint(c);
                  } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  private static boolean isGoPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** As Kubernetes writes it: {@code spec.lifecyclePolicy.rules[0]}. */
  static String fieldPath(NodePath location) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    return path.length() == 0 ? "<root>" : path.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() || path.equals("<root>") ? field : path + "." + field;
  }
}
