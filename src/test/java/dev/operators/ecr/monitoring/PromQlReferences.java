package dev.operators.ecr.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric names, label matchers and grouping labels a PromQL expression (or a series of a
 * promtool test, {@code name{label="value"}}) refers to. Enough of PromQL for the operator's rules
 * and dashboard: selectors, range and subquery brackets, functions, aggregations with {@code by} /
 * {@code without}, vector matching with {@code on} / {@code ignoring}, strings and numbers.
 */
public record PromQlReferences(Map<String, List<Matcher>> selectors, Set<String> groupingLabels) {

  /** One label matcher of a selector: {@code label op "value"}. */
  public record Matcher(String label, String op, String value) {}

  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  // Words that are no metric name: operators, aggregations (their parentheses may come after a
  // by clause), and vector matching without a label list.
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio",
          "group_left",
          "group_right");

  /** Parses {@code expression}; refuses what it cannot read rather than guessing. */
  public static PromQlReferences of(String expression) {
    return new Parser(expression).parse();
  }

  private static final class Parser {
    private final String text;
    private int at;
    private final Map<String, List<Matcher>> selectors = new LinkedHashMap<>();
    private final Set<String> grouping = new LinkedHashSet<>();

    Parser(String text) {
      this.text = text;
    }

    PromQlReferences parse() {
      String lastMetric = null;
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '"' || c == '\'' || c == '`') {
          string();
        } else if (c == '[') {
          skipPast(']');
        } else if (c == '{') {
          if (lastMetric == null) {
            throw new IllegalArgumentException("a selector without a metric name in: " + text);
          }
          selectors.get(lastMetric).addAll(matchers());
          lastMetric = null;
        } else if (Character.isLetter(c) || c == '_' || c == ':') {
          String word = identifier();
          skipSpaces();
          boolean call = at < text.length() && text.charAt(at) == '(';
          lastMetric = null;
          if (GROUPING.contains(word) && call) {
            grouping.addAll(labelList());
          } else if (!call && !KEYWORDS.contains(word)) {
            selectors.computeIfAbsent(word, k -> new ArrayList<>());
            lastMetric = word;
          }
        } else if (Character.isDigit(c) || c == '.') {
          // A number or a duration: 0.1, 1e3, 5m.
          while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))
              || at < text.length() && text.charAt(at) == '.') {
            at++;
          }
          lastMetric = null;
        } else {
          if (!Character.isWhitespace(c)) {
            lastMetric = null;
          }
          at++;
        }
      }
      return new PromQlReferences(selectors, grouping);
    }

    private String identifier() {
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at))
              || text.charAt(at) == '_'
              || text.charAt(at) == ':')) {
        at++;
      }
      return text.substring(start, at);
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private void skipPast(char end) {
      int close = text.indexOf(end, at);
      if (close < 0) {
        throw new IllegalArgumentException("no " + end + " after " + at + " in: " + text);
      }
      at = close + 1;
    }

    private String string() {
      char quote = text.charAt(at++);
      StringBuilder value = new StringBuilder();
      while (at < text.length() && text.charAt(at) != quote) {
        if (text.charAt(at) == '\\' && quote != '`') {
          at++;
        }
        value.append(text.charAt(at++));
      }
      if (at >= text.length()) {
        throw new IllegalArgumentException("an unclosed string in: " + text);
      }
      at++;
      return value.toString();
    }

    private List<Matcher> matchers() {
      at++; // {
      List<Matcher> matchers = new ArrayList<>();
      while (true) {
        skipSpaces();
        if (at < text.length() && text.charAt(at) == ',') {
          at++;
          continue;
        }
        if (at < text.length() && text.charAt(at) == '}') {
          at++;
          return matchers;
        }
        String label = identifier();
        skipSpaces();
        int start = at;
        while (at < text.length() && "=!~".indexOf(text.charAt(at)) >= 0) {
          at++;
        }
        String op = text.substring(start, at);
        skipSpaces();
        if (label.isEmpty()
            || op.isEmpty()
            || at >= text.length()
            || "\"'`".indexOf(text.charAt(at)) < 0) {
          throw new IllegalArgumentException(
              "an unreadable label matcher at " + at + " in: " + text);
        }
        matchers.add(new Matcher(label, op, string()));
      }
    }

    private List<String> labelList() {
      at++; // (
      List<String> labels = new ArrayList<>();
      while (true) {
        skipSpaces();
        char c = at < text.length() ? text.charAt(at) : ')';
        if (c == ')') {
          at++;
          return labels;
        }
        if (c == ',') {
          at++;
          continue;
        }
        String label = identifier();
        if (label.isEmpty()) {
          throw new IllegalArgumentException("an unreadable label list at " + at + " in: " + text);
        }
        labels.add(label);
      }
    }
  }
}
