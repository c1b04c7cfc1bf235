package dev.operators.ecr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Custom resources in the Table form {@code kubectl get} asks for, with the CRD's printer columns
 * rendered as the API server renders them: the first value each JSONPath reaches, a date as an age,
 * nothing where the path reaches nothing.
 */
final class TableForm {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGE = "Age";

  private TableForm() {}

  /**
   * @param objects the objects of one list, or the one object asked for
   * @param includeObject the request's {@code includeObject}: {@code None}, {@code Object}, else
   *     the objects' metadata
   */
  static ObjectNode of(
      JsonNode crd,
      String version,
      List<JsonNode> objects,
      String resourceVersion,
      String includeObject,
      Instant now) {
    ObjectNode table =
        JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name must be unique within a namespace.")
        .put("priority", 0);
    List<JsonNode> columns = columns(crd, version);
    List<JsonPath> paths = new ArrayList<>();
    for (JsonNode column : columns) {
      String path = column.path("jsonPath").asText();
      definitions
          .addObject()
          .put("name", column.path("name").asText())
          .put("type", column.path("type").asText())
          .put("format", column.path("format").asText())
          .put(
              "description",
              column
                  .path("description")
                  .asText("Custom resource definition column (in JSONPath format): " + path))
          .put("priority", column.path("priority").asInt());
      paths.add(parseOrNull(path));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells").add(object.path("metadata").path("name").asText());
      for (int i = 0; i < columns.size(); i++) {
        cells.add(cell(columns.get(i).path("type").asText(), paths.get(i), object, now));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode metadata =
            row.putObject("object")
                .put("kind", "PartialObjectMetadata")
                .put("apiVersion", "meta.k8s.io/v1");
        metadata.set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  // The version's printer columns; a CRD that declares none shows its age, as the API server does.
  private static List<JsonNode> columns(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)
          && !v.path("additionalPrinterColumns").isEmpty()) {
        List<JsonNode> columns = new ArrayList<>();
        v.path("additionalPrinterColumns").forEach(columns::add);
        return columns;
      }
    }
    return List.of(
        JSON.createObjectNode()
            .put("name", AGE)
            .put("type", "date")
            .put("jsonPath", ".metadata.creationTimestamp"));
  }

  // The API server refuses a CRD whose column it cannot read; here such a column stays empty.
  private static JsonPath parseOrNull(String path) {
    try {
      return JsonPath.parse(path);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonNode cell(String type, JsonPath path, JsonNode object, Instant now) {
    List<JsonNode> found = path == null ? List.of() : path.find(object);
    if (found.isEmpty() || found.get(0).isNull()) {
      return NullNode.instance;
    }
    JsonNode value = found.get(0);
    return switch (type) {
      case "string" -> TextNode.valueOf(value.isValueNode() ? value.asText() : value.toString());
      case "integer" -> value.isNumber() ? LongNode.valueOf(value.longValue()) : NullNode.instance;
      case "number" ->
          value.isNumber() ? DoubleNode.valueOf(value.doubleValue()) : NullNode.instance;
      case "boolean" ->
          value.isBoolean() ? BooleanNode.valueOf(value.booleanValue()) : NullNode.instance;
      case "date" ->
          value.isTextual() ? TextNode.valueOf(age(value.textValue(), now)) : NullNode.instance;
      default -> NullNode.instance;
    };
  }

  /** The age of an RFC 3339 timestamp at {@code now}, written as the API server writes it. */
  static String age(String timestamp, Instant now) {
    try {
      return humanDuration(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), now));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** Kubernetes' {@code duration.HumanDuration}: two to three significant figures. */
  static String humanDuration(Duration d) {
    long seconds = d.toMillis() / 1000;
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 2 * 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (minutes < 3 * 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return days + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
    }
    if (hours < 24 * 365 * 2) {
      return days + "d";
    }
    long years = days / 365;
    if (hours < 24 * 365 * 8) {
      return years + "y" + (days % 365 == 0 ? "" : days % 365 + "d");
    }
    return years + "y";
  }
}
