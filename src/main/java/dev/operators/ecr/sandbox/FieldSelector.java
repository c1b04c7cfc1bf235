package dev.operators.ecr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code involvedObject.name=web,type!=Normal}) matched against an object's JSON.
 * An API server accepts a few fields per kind; this one matches any field, a missing one reading as
 * empty.
 */
record FieldSelector(List<Requirement> requirements) {

  /** {@code field=value} (also written {@code ==}), or {@code field!=value} when not equal. */
  record Requirement(String field, String value, boolean equal) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : field.split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isValueNode() && !node.isNull() ? node.asText() : "";
      return actual.equals(value) == equal;
    }
  }

  /**
   * Reads a selector as Kubernetes writes it: requirements separated by commas, a value escaping
   * {@code \}, {@code ,} and {@code =} with {@code \}. Null or blank selects everything.
   *
   * @throws IllegalArgumentException for a requirement with no operator
   */
  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : terms(selector == null ? "" : selector)) {
      int at = term.indexOf('=');
      if (at <= 0) {
        throw new IllegalArgumentException("invalid field selector requirement: " + term);
      }
      boolean not = term.charAt(at - 1) == '!';
      int value = at + (!not && term.startsWith("=", at + 1) ? 2 : 1);
      requirements.add(
          new Requirement(
              term.substring(0, not ? at - 1 : at).strip(), unescape(term.substring(value)), !not));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  boolean isEmpty() {
    return requirements.isEmpty();
  }

  boolean matches(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }

  // Split at the commas no backslash escapes; escapes are kept for unescape().
  private static List<String> terms(String selector) {
    List<String> terms = new ArrayList<>();
    StringBuilder term = new StringBuilder();
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '\\' && i + 1 < selector.length()) {
        term.append(c).append(selector.charAt(++i));
      } else if (c == ',') {
        terms.add(term.toString());
        term.setLength(0);
      } else {
        term.append(c);
      }
    }
    terms.add(term.toString());
    return terms.stream().filter(t -> !t.isBlank()).toList();
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c == '\\' && i + 1 < value.length() ? value.charAt(++i) : c);
    }
    return out.toString();
  }
}
