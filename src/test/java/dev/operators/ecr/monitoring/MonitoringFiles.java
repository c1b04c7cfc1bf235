package dev.operators.ecr.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.runtime.metrics.OperatorMetrics;
import dev.operators.ecr.runtime.metrics.ResourceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of {@code k8s/monitoring/}: the PrometheusRule, promtool's unit tests of it and the
 * Grafana dashboard, read as data, and a check of the metric and label names a query uses against
 * those an operator exported.
 */
public final class MonitoringFiles {
  public static final Path DIR = Path.of("k8s", "monitoring");
  public static final Path RULES = DIR.resolve("prometheusrule.yaml");
  public static final Path TESTS = DIR.resolve("tests");
  public static final Path DASHBOARD = DIR.resolve("grafana-dashboard.json");

  /** Labels Prometheus adds to every series of a target (a ServiceMonitor's, or its own). */
  public static final Set<String> TARGET_LABELS =
      Set.of("job", "instance", "namespace", "pod", "service", "container", "endpoint");

  /** The values a label with a closed set of values may take, as the operator writes them. */
  static final Map<String, Set<String>> VALUES =
      Map.of(
          "outcome",
          Stream.concat(
                  Stream.of(OperatorMetrics.OK),
                  Arrays.stream(EcrErrorKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)))
              .collect(Collectors.toSet()),
          "ready",
          Set.copyOf(ResourceState.READY_STATES),
          "stalled",
          Set.of("true", "false"),
          "reason",
          Stream.concat(
                  ResourceState.REASONS.stream(),
                  Stream.of(ResourceState.OTHER, ResourceState.NONE))
              .collect(Collectors.toSet()));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)$");

  private MonitoringFiles() {}

  private static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PrometheusRule's {@code spec}: what Prometheus reads as a rules file. */
  public static JsonNode rulesSpec() {
    return yaml(RULES).get("spec");
  }

  /** Every alerting rule of the PrometheusRule, as a map of its fields. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> alerts() {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (JsonNode group : rulesSpec().get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        if (rule.has("alert")) {
          alerts.add(YAML.convertValue(rule, Map.class));
        }
      }
    }
    return alerts;
  }

  /** promtool's unit test files. */
  public static List<Path> testFiles() {
    try (Stream<Path> files = Files.list(TESTS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each test of every test file, as promtool reads it. */
  public static List<JsonNode> tests() {
    List<JsonNode> tests = new ArrayList<>();
    testFiles().forEach(f -> yaml(f).get("tests").forEach(tests::add));
    return tests;
  }

  /** The input series of every promtool test, {@code name{label="value",...}}. */
  public static List<String> testSeries() {
    List<String> series = new ArrayList<>();
    for (JsonNode test : tests()) {
      test.get("input_series").forEach(s -> series.add(s.get("series").asText()));
    }
    return series;
  }

  /** The dashboard, parsed. */
  public static JsonNode dashboard() {
    try {
      return JSON.readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The panels of the dashboard, those inside rows included. */
  public static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard().get("panels")) {
      panels.add(panel);
      if (panel.has("panels")) {
        panel.get("panels").forEach(panels::add);
      }
    }
    return panels;
  }

  /**
   * Every query of the dashboard: each panel target's {@code expr}, and each template variable's
   * {@code label_values(selector, label)} written as {@code group by (label) (selector)}.
   */
  public static List<String> dashboardQueries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      if (panel.has("targets")) {
        panel.get("targets").forEach(t -> queries.add(t.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        String definition = variable.path("query").path("query").asText();
        Matcher m = LABEL_VALUES.matcher(definition);
        if (!m.matches()) {
          throw new IllegalStateException(
              "a variable query that is no label_values: " + definition);
        }
        queries.add("group by (" + m.group(2) + ") (" + m.group(1) + ")");
      }
    }
    return queries;
  }

  /**
   * What {@code query} refers to that {@code exported} (metric name to its label names) does not
   * have, one line each, prefixed by {@code where}: an unknown metric, a matcher's label the metric
   * does not carry, a grouping label on none of the query's metrics, and a value no operator writes
   * for a label with a closed set of values. Target labels count as every metric's.
   */
  public static List<String> unknownReferences(
      String where, String query, Map<String, Set<String>> exported) {
    PromQlReferences refs = PromQlReferences.of(query);
    List<String> problems = new ArrayList<>();
    List<String> known = new ArrayList<>();
    refs.selectors()
        .forEach(
            (metric, matchers) -> {
              Set<String> labels = exported.get(metric);
              if (labels == null) {
                problems.add(where + ": no metric " + metric + " on /metrics");
                return;
              }
              known.add(metric);
              for (PromQlReferences.Matcher matcher : matchers) {
                if (!labels.contains(matcher.label()) && !TARGET_LABELS.contains(matcher.label())) {
                  problems.add(where + ": " + metric + " has no label " + matcher.label());
                } else if (matcher.op().equals("=")
                    && VALUES.containsKey(matcher.label())
                    && !VALUES.get(matcher.label()).contains(matcher.value())) {
                  problems.add(
                      where
                          + ": "
                          + matcher.label()
                          + "=\""
                          + matcher.value()
                          + "\" is not a value the operator exports");
                }
              }
            });
    for (String label : refs.groupingLabels()) {
      if (!TARGET_LABELS.contains(label)
          && known.stream().noneMatch(m -> exported.get(m).contains(label))) {
        problems.add(
            where + ": grouping label " + label + " is on none of " + String.join(", ", known));
      }
    }
    return problems;
  }
}
