package dev.operators.ecr.desired;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checked Kubernetes label selector: every {@code matchLabels} pair and every {@code
 * matchExpressions} requirement must hold; an empty selector matches everything, as in Kubernetes.
 *
 * @param matchLabels labels that must be present with these values
 * @param requirements the expressions
 */
public record LabelMatch(Map<String, String> matchLabels, List<Requirement> requirements) {

  /** The selector {@code {}}: every object. */
  public static final LabelMatch EVERYTHING = new LabelMatch(Map.of(), List.of());

  /** The operators of {@code matchExpressions}. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  /** One expression: {@code key operator values}. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    public Requirement {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case In -> value != null && values.contains(value);
        case NotIn -> value == null || !values.contains(value);
        case Exists -> value != null;
        case DoesNotExist -> value == null;
      };
    }
  }

  public LabelMatch {
    matchLabels = Map.copyOf(matchLabels);
    requirements = List.copyOf(requirements);
  }

  /** Whether an object carrying {@code labels} (null for none) is selected. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    for (var entry : matchLabels.entrySet()) {
      if (!entry.getValue().equals(present.get(entry.getKey()))) {
        return false;
      }
    }
    return requirements.stream().allMatch(r -> r.matches(present));
  }

  /**
   * The selector checked, each problem added with its path below {@code path}; null for a null
   * selector (absent: not the same as {@code {}}). A selector with problems is returned as {@link
   * #EVERYTHING}: whoever goes on with it must treat it as possibly matching.
   */
  public static LabelMatch of(LabelSelector selector, String path, List<SpecProblem> problems) {
    if (selector == null) {
      return null;
    }
    int before = problems.size();
    Map<String, String> labels = new TreeMap<>();
    if (selector.getMatchLabels() != null) {
      selector
          .getMatchLabels()
          .forEach(
              (key, value) -> {
                if (key == null || key.isEmpty()) {
                  problems.add(new SpecProblem(path + ".matchLabels", "a label key is empty"));
                } else {
                  labels.put(key, value == null ? "" : value);
                }
              });
    }
    List<Requirement> requirements = new ArrayList<>();
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      requirement(expressions.get(i), path + ".matchExpressions[" + i + "]", problems)
          .ifPresent(requirements::add);
    }
    return problems.size() > before ? EVERYTHING : new LabelMatch(labels, requirements);
  }

  private static Optional<Requirement> requirement(
      LabelSelectorRequirement expression, String path, List<SpecProblem> problems) {
    int before = problems.size();
    String key = expression.getKey();
    if (key == null || key.isEmpty()) {
      problems.add(new SpecProblem(path + ".key", "a key is required"));
    }
    Operator operator = null;
    try {
      operator = Operator.valueOf(String.valueOf(expression.getOperator()));
    } catch (IllegalArgumentException e) {
      problems.add(
          new SpecProblem(
              path + ".operator",
              "'"
                  + expression.getOperator()
                  + "' is not an operator: In, NotIn, Exists or DoesNotExist"));
    }
    Set<String> values =
        new TreeSet<>(expression.getValues() == null ? List.of() : expression.getValues());
    if ((operator == Operator.In || operator == Operator.NotIn) && values.isEmpty()) {
      problems.add(new SpecProblem(path + ".values", operator + " needs at least one value"));
    }
    if ((operator == Operator.Exists || operator == Operator.DoesNotExist) && !values.isEmpty()) {
      problems.add(new SpecProblem(path + ".values", operator + " takes no values"));
    }
    return problems.size() > before
        ? Optional.empty()
        : Optional.of(new Requirement(key, operator, values));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
    for (Requirement r : requirements) {
      parts.add(
          switch (r.operator()) {
            case Exists -> r.key();
            case DoesNotExist -> "!" + r.key();
            case In -> r.key() + " in " + new TreeSet<>(r.values());
            case NotIn -> r.key() + " notin " + new TreeSet<>(r.values());
          });
    }
    return parts.isEmpty() ? "{}" : String.join(",", parts);
  }
}
