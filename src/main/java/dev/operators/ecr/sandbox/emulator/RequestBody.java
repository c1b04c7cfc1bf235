package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members of a JSON request structure, read with the types ECR's model declares. A JSON {@code
 * null} counts as absent; a member of the wrong type is a {@code SerializationException}.
 */
final class RequestBody {
  private final JsonNode node;
  private final String path;

  private RequestBody(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The whole request; an empty body counts as {@code {}}. */
  static RequestBody of(JsonNode node) {
    return new RequestBody(node == null ? JsonNodeFactory.instance.objectNode() : node, "");
  }

  private String name(String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  private Optional<JsonNode> member(String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  private EcrError wrongType(String member, String expected) {
    return EcrError.serialization("Expected " + expected + " at '" + name(member) + "'");
  }

  boolean has(String member) {
    return member(member).isPresent();
  }

  Optional<String> string(String member) {
    return member(member)
        .map(
            v -> {
              if (!v.isTextual()) {
                throw wrongType(member, "a string");
              }
              return v.asText();
            });
  }

  String requiredString(String member) {
    return string(member).orElseThrow(() -> EcrError.missingMember(name(member)));
  }

  Optional<Integer> integer(String member) {
    return member(member)
        .map(
            v -> {
              if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw wrongType(member, "an integer");
              }
              return v.asInt();
            });
  }

  boolean bool(String member, boolean absent) {
    return member(member)
        .map(
            v -> {
              if (!v.isBoolean()) {
                throw wrongType(member, "a boolean");
              }
              return v.asBoolean();
            })
        .orElse(absent);
  }

  Optional<RequestBody> structure(String member) {
    return member(member)
        .map(
            v -> {
              if (!v.isObject()) {
                throw wrongType(member, "a structure");
              }
              return new RequestBody(v, name(member));
            });
  }

  RequestBody requiredStructure(String member) {
    return structure(member).orElseThrow(() -> EcrError.missingMember(name(member)));
  }

  Optional<List<RequestBody>> structures(String member) {
    return list(member)
        .map(
            items -> {
              List<RequestBody> out = new ArrayList<>();
              for (JsonNode item : items) {
                if (!item.isObject()) {
                  throw wrongType(member, "a list of structures");
                }
                out.add(new RequestBody(item, name(member) + ".member"));
              }
              return out;
            });
  }

  Optional<List<String>> strings(String member) {
    return list(member)
        .map(
            items -> {
              List<String> out = new ArrayList<>();
              for (JsonNode item : items) {
                if (!item.isTextual()) {
                  throw wrongType(member, "a list of strings");
                }
                out.add(item.asText());
              }
              return out;
            });
  }

  /**
   * The member's text, or the texts of a list, skipping anything else: never a {@code
   * SerializationException}, for reading a request that its operation has not checked yet.
   */
  List<String> texts(String member) {
    List<String> out = new ArrayList<>();
    member(member)
        .ifPresent(
            v -> {
              if (v.isTextual()) {
                out.add(v.asText());
              } else if (v.isArray()) {
                v.forEach(
                    item -> {
                      if (item.isTextual()) {
                        out.add(item.asText());
                      }
                    });
              }
            });
    return out;
  }

  private Optional<List<JsonNode>> list(String member) {
    return member(member)
        .map(
            v -> {
              if (!v.isArray()) {
                throw wrongType(member, "a list");
              }
              List<JsonNode> items = new ArrayList<>();
              v.forEach(items::add);
              return items;
            });
  }
}
