package dev.operators.ecr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The JSONPath of a CRD's printer columns, as the API server reads it: fields ({@code .a.b}, {@code
 * .a\.b}, {@code ['a.b']}), indexes, {@code [*]} and filters such as {@code [?(@.type=="Ready")]}.
 */
final class JsonPath {
  private final List<Function<JsonNode, Stream<JsonNode>>> steps;

  private JsonPath(List<Function<JsonNode, Stream<JsonNode>>> steps) {
    this.steps = steps;
  }

  /**
   * @throws IllegalArgumentException for what this subset does not read (recursive descent, slices,
   *     functions)
   */
  static JsonPath parse(String path) {
    List<Function<JsonNode, Stream<JsonNode>>> steps = new ArrayList<>();
    String p = path.strip();
    int i = p.startsWith("$") ? 1 : 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
          if (p.charAt(j) == '\\' && j + 1 < p.length()) {
            j++;
          }
          name.append(p.charAt(j++));
        }
        if (name.isEmpty()) {
          throw new IllegalArgumentException("unsupported JSONPath " + path);
        }
        steps.add(field(name.toString()));
        i = j;
      } else if (c == '[') {
        int end = p.startsWith("[?(", i) ? p.indexOf(")]", i) + 1 : p.indexOf(']', i);
        if (end <= i) {
          throw new IllegalArgumentException("unclosed [ in JSONPath " + path);
        }
        steps.add(bracket(p.substring(i + 1, end), path));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + path);
      }
    }
    return new JsonPath(steps);
  }

  /** Every value the path reaches in {@code root}, in document order. */
  List<JsonNode> find(JsonNode root) {
    Stream<JsonNode> found = Stream.of(root);
    for (Function<JsonNode, Stream<JsonNode>> step : steps) {
      found = found.flatMap(step);
    }
    return found.toList();
  }

  private static Function<JsonNode, Stream<JsonNode>> field(String name) {
    return node -> node.isObject() && node.has(name) ? Stream.of(node.get(name)) : Stream.empty();
  }

  private static Stream<JsonNode> children(JsonNode node) {
    return node.isContainerNode()
        ? StreamSupport.stream(node.spliterator(), false)
        : Stream.<JsonNode>empty();
  }

  private static Function<JsonNode, Stream<JsonNode>> bracket(String inside, String path) {
    String s = inside.strip();
    if (s.equals("*")) {
      return JsonPath::children;
    }
    if (s.matches("-?\\d+")) {
      int index = Integer.parseInt(s);
      return node -> {
        int at = index < 0 ? node.size() + index : index;
        return node.isArray() && at >= 0 && at < node.size()
            ? Stream.of(node.get(at))
            : Stream.empty();
      };
    }
    if (s.length() >= 2
        && (s.startsWith("'") || s.startsWith("\""))
        && s.endsWith(s.substring(0, 1))) {
      return field(s.substring(1, s.length() - 1));
    }
    if (s.startsWith("?(") && s.endsWith(")")) {
      Predicate<JsonNode> filter = filter(s.substring(2, s.length() - 1).strip(), path);
      return node -> node.isArray() ? children(node).filter(filter) : Stream.empty();
    }
    throw new IllegalArgumentException("unsupported JSONPath " + path);
  }

  // @.path, @.path==literal or @.path!=literal; literals are quoted strings, numbers or booleans.
  private static Predicate<JsonNode> filter(String expression, String path) {
    if (expression.matches(".*(<|>|=~|&&|\\|\\|).*")) {
      throw new IllegalArgumentException("unsupported JSONPath filter in " + path);
    }
    int at = expression.indexOf("==");
    int notAt = expression.indexOf("!=");
    int op = at < 0 ? notAt : notAt < 0 ? at : Math.min(at, notAt);
    String left = (op < 0 ? expression : expression.substring(0, op)).strip();
    if (!left.startsWith("@")) {
      throw new IllegalArgumentException("unsupported JSONPath filter in " + path);
    }
    JsonPath operand = parse(left.substring(1));
    if (op < 0) {
      return node -> !operand.find(node).isEmpty();
    }
    boolean equal = op == at;
    Predicate<JsonNode> literal = literal(expression.substring(op + 2).strip(), path);
    return node -> {
      List<JsonNode> values = operand.find(node);
      return !values.isEmpty() && literal.test(values.get(0)) == equal;
    };
  }

  private static Predicate<JsonNode> literal(String text, String path) {
    if (text.length() >= 2
        && (text.startsWith("\"") || text.startsWith("'"))
        && text.endsWith(text.substring(0, 1))) {
      String value = text.substring(1, text.length() - 1);
      return node -> node.isTextual() && node.textValue().equals(value);
    }
    if (text.equals("true") || text.equals("false")) {
      boolean value = Boolean.parseBoolean(text);
      return node -> node.isBoolean() && node.booleanValue() == value;
    }
    try {
      BigDecimal value = new BigDecimal(text);
      return node -> node.isNumber() && node.decimalValue().compareTo(value) == 0;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unsupported literal " + text + " in JSONPath " + path, e);
    }
  }
}
