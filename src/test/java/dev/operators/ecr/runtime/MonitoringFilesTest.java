package dev.operators.ecr.runtime;

import static dev.operators.ecr.runtime.RuntimeFixtures.DEADLINE;
import static dev.operators.ecr.runtime.RuntimeFixtures.REGION;
import static dev.operators.ecr.runtime.RuntimeFixtures.await;
import static dev.operators.ecr.runtime.RuntimeFixtures.awaitReady;
import static dev.operators.ecr.runtime.RuntimeFixtures.get;
import static dev.operators.ecr.runtime.RuntimeFixtures.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.monitoring.MonitoringFiles;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules, their promtool tests and the Grafana dashboard of {@code k8s/monitoring/}
 * refer only to metrics and labels the operator exports: the names are read off {@code /metrics} of
 * an operator process that has reconciled, corrected drift, been denied and throttled by ECR.
 */
class MonitoringFilesTest {
  private static final String POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final Pattern SERIES =
      Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})? \\S+$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  /** Every metric name seen on /metrics during the scenario, with the label names it carried. */
  private static final Map<String, Set<String>> EXPORTED = new TreeMap<>();

  private static MonitoredOperator operator;

  @BeforeAll
  static void start() {
    operator = MonitoredOperator.start();
    runScenario();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  /** Scrapes /metrics and adds what it shows to {@link #EXPORTED}; returns the text. */
  private static String scrape() {
    String text = get(operator.http(), "/metrics").body();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      Set<String> labels = EXPORTED.computeIfAbsent(m.group(1), k -> new TreeSet<>());
      if (m.group(2) != null) {
        Matcher label = LABEL.matcher(m.group(2));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return text;
  }

  private static void awaitScraped(String fragment) {
    String[] last = new String[1];
    try {
      Awaitility.await().atMost(DEADLINE).until(() -> (last[0] = scrape()).contains(fragment));
    } catch (RuntimeException e) {
      throw new AssertionError("no " + fragment + " in:\n" + last[0], e);
    }
  }

  /** A Ready repository, drift corrected, one denied (Stalled), then reconciles throttled. */
  private static void runScenario() {
    EcrRepository ok = repository("monitoring", "ok");
    ok.getSpec().setLifecyclePolicyText(POLICY);
    operator.user().resource(ok).create();
    awaitReady(operator.user(), "monitoring", "ok");
    awaitScraped("ecr_operator_repository_in_use_at_risk_images{");

    try (SdkEcrPort someone = EmulatorClients.port(operator.ecr())) {
      someone.putLifecyclePolicy(
          new RepositoryRef(REGION, "monitoring/ok"),
          POLICY.replace("\"countNumber\":1", "\"countNumber\":7"));
    }
    awaitScraped("ecr_operator_drift_corrections_total{field=\"lifecyclePolicy\"}");

    operator.ecr().failAlways("CreateRepository", Fault.accessDenied());
    operator.user().resource(repository("monitoring", "denied")).create();
    await(
        operator.user(),
        "monitoring",
        "denied",
        r -> RuntimeFixtures.condition(r, Conditions.STALLED, "True"));
    awaitScraped(
        "ecr_operator_resources_not_ready{reason=\""
            + Reasons.ACCESS_DENIED
            + "\",stalled=\"true\"}");

    operator.ecr().clearFaults();
    operator.ecr().failAlways("DescribeRepositories", Fault.throttling());
    awaitScraped("outcome=\"throttled\"");
    awaitScraped("operator_sdk_reconciliations_failed_total{");
    operator.ecr().clearFaults();
  }

  @Test
  void theScrapeHoldsWhatTheScenarioMade() throws IOException {
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "monitoring-scrape.txt"), scrape());
    assertEquals(Set.of("operation", "outcome"), EXPORTED.get("ecr_operator_ecr_calls_total"));
    assertEquals(Set.of("reason", "stalled"), EXPORTED.get("ecr_operator_resources_not_ready"));
    assertEquals(
        Set.of("namespace", "name"), EXPORTED.get("ecr_operator_repository_in_use_at_risk_images"));
  }

  /** What each query refers to that the operator did not export, one line each. */
  private static List<String> unknownReferences(String what, List<String> queries) {
    List<String> problems = new ArrayList<>();
    for (String query : queries) {
      problems.addAll(MonitoringFiles.unknownReferences(what + " " + query, query, EXPORTED));
    }
    return problems;
  }

  @Test
  void everyAlertReadsExportedMetricsAndLabels() {
    List<String> exprs =
        MonitoringFiles.alerts().stream().map(a -> (String) a.get("expr")).toList();
    assertTrue(exprs.size() >= 9, exprs.toString());
    assertEquals(List.of(), unknownReferences("alert", exprs));
  }

  @Test
  void everyPromtoolSeriesIsNamedAndLabelledAsExported() {
    List<String> series = MonitoringFiles.testSeries();
    assertTrue(series.size() >= 18, series.toString());
    assertEquals(List.of(), unknownReferences("series", series));
  }

  @Test
  void everyDashboardQueryReadsExportedMetricsAndLabels() {
    List<String> queries = MonitoringFiles.dashboardQueries();
    assertTrue(queries.size() >= 15, queries.toString());
    assertEquals(List.of(), unknownReferences("query", queries));
  }

  @Test
  void aMisspelledMetricOrLabelIsReported() {
    assertEquals(
        List.of(
            "x: no metric ecr_operator_ecr_call_total on /metrics",
            "x: ecr_operator_leader has no label outcome",
            "x: grouping label kind is on none of ecr_operator_leader"),
        MonitoringFiles.unknownReferences(
            "x",
            "sum by (kind) (ecr_operator_ecr_call_total) + sum by (kind)"
                + " (ecr_operator_leader{outcome=\"ok\"})",
            EXPORTED));
    assertEquals(
        List.of("x: outcome=\"THROTTLED\" is not a value the operator exports"),
        MonitoringFiles.unknownReferences(
            "x", "ecr_operator_ecr_calls_total{outcome=\"THROTTLED\"}", EXPORTED));
  }
}
