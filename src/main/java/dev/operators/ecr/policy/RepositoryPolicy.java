package dev.operators.ecr.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A repository permission policy (IAM JSON) in canonical form, so that two texts meaning the same
 * compare equal: statement order, a single value or a one-element list, key order and whitespace do
 * not matter.
 *
 * @param json the canonical text, for comparison only: the text sent to ECR is the user's own
 * @param digest {@code sha256:<hex>} of {@code json}
 */
public record RepositoryPolicy(String json, String digest) {
  /** SetRepositoryPolicy's limit on {@code policyText}. */
  public static final int MAX_LENGTH = 10_240;

  private static final ObjectMapper READER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // Members whose string value is one value. Every other string or list of strings (Action,
  // Resource, the principals inside Principal, condition values) is a set to IAM, whether written
  // as one string or as a list.
  private static final Set<String> SINGLE_VALUES =
      Set.of("Version", "Id", "Sid", "Effect", "Principal", "NotPrincipal");
  // IAM matches action names case-insensitively.
  private static final Set<String> ACTIONS = Set.of("Action", "NotAction");

  /** Parses and canonicalises; throws {@link InvalidPolicyException} when it is not a policy. */
  public static RepositoryPolicy parse(String text) {
    List<PolicyProblem> problems = new ArrayList<>();
    if (text.length() > MAX_LENGTH) {
      problems.add(
          new PolicyProblem(
              "$", "is " + text.length() + " characters; ECR allows at most " + MAX_LENGTH));
    }
    JsonNode document = null;
    try {
      document = READER.readTree(text);
    } catch (JsonProcessingException e) {
      problems.add(new PolicyProblem("$", "is not valid JSON: " + e.getOriginalMessage()));
    }
    if (document != null && !document.isObject()) {
      problems.add(new PolicyProblem("$", "must be a JSON object with a Statement"));
    } else if (document != null) {
      JsonNode statement = document.get("Statement");
      if (statement == null || !(statement.isObject() || statement.isArray())) {
        problems.add(
            new PolicyProblem("Statement", "is required: an object or a list of statements"));
      } else {
        int i = 0;
        for (JsonNode s : statement.isArray() ? statement : List.of(statement)) {
          String at = statement.isArray() ? "Statement[" + i + "]" : "Statement";
          i++;
          if (!s.isObject()) {
            problems.add(new PolicyProblem("Statement", "every statement must be an object"));
            continue;
          }
          // ECR refuses a resource policy statement that names no principal or no action
          // ("Invalid repository policy provided").
          if (!s.has("Principal") && !s.has("NotPrincipal")) {
            problems.add(
                new PolicyProblem(at, "needs a Principal (or NotPrincipal): whom it applies to"));
          }
          if (!s.has("Action") && !s.has("NotAction")) {
            problems.add(
                new PolicyProblem(at, "needs an Action (or NotAction): what it allows or denies"));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(problems);
    }
    String json = write(canonical(document, null));
    return new RepositoryPolicy(json, CanonicalForm.digest(json));
  }

  private static JsonNode canonical(JsonNode node, String member) {
    if (node.isObject()) {
      ObjectNode sorted = NODES.objectNode();
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        fields.put(name, node.get(name));
      }
      fields.forEach(
          (name, value) ->
              sorted.set(
                  name, "Statement".equals(name) ? statements(value) : canonical(value, name)));
      return sorted;
    }
    boolean set = member != null && !SINGLE_VALUES.contains(member);
    if (set && (node.isTextual() || isListOfStrings(node))) {
      TreeSet<String> values = new TreeSet<>();
      for (JsonNode v : node.isArray() ? node : List.of(node)) {
        String value = v.asText();
        values.add(ACTIONS.contains(member) ? value.toLowerCase(Locale.ROOT) : value);
      }
      ArrayNode array = NODES.arrayNode();
      values.forEach(array::add);
      return array;
    }
    return node;
  }

  private static boolean isListOfStrings(JsonNode node) {
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode v : node) {
      if (!v.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode statements(JsonNode value) {
    List<String> texts = new ArrayList<>();
    for (JsonNode s : value.isArray() ? value : List.of(value)) {
      texts.add(write(canonical(s, null)));
    }
    texts.sort(null);
    ArrayNode array = NODES.arrayNode();
    for (String t : texts) {
      try {
        array.add(READER.readTree(t));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot re-read canonical JSON", e);
      }
    }
    return array;
  }

  private static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of plain JSON nodes", e);
    }
  }
}
