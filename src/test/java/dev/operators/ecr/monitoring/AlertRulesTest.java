package dev.operators.ecr.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code k8s/monitoring/}: each alert has a severity, a summary, a description and a
 * runbook in docs/alerts.md, and is tested by promtool firing and not firing; the dashboard's
 * panels all query the data source chosen in its variable. What the queries name is checked against
 * a running operator (MonitoringFilesTest); promtool runs in MonitoringKubeIT.
 */
class AlertRulesTest {
  static final String RUNBOOKS =
      "https://github.com/ecr-operator/ecr-operator/blob/main/docs/alerts.md#";
  private static final Path ALERTS_DOC = Path.of("docs", "alerts.md");

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasASeverityASummaryADescriptionAndARunbookSection() throws IOException {
    List<String> headings =
        Files.readAllLines(ALERTS_DOC).stream()
            .filter(l -> l.startsWith("## "))
            .map(l -> l.substring(3).trim())
            .toList();
    List<Map<String, Object>> alerts = MonitoringFiles.alerts();
    assertFalse(alerts.isEmpty());
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      Map<String, String> labels = (Map<String, String>) alert.get("labels");
      Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
      assertTrue(Set.of("warning", "critical").contains(labels.get("severity")), name);
      assertFalse(annotations.getOrDefault("summary", "").isBlank(), name);
      assertFalse(annotations.getOrDefault("description", "").isBlank(), name);
      // GitHub's anchor of a heading that is one word: the word in lower case.
      assertEquals(RUNBOOKS + name.toLowerCase(Locale.ROOT), annotations.get("runbook_url"), name);
      assertTrue(headings.contains(name), "no section ## " + name + " in " + ALERTS_DOC);
    }
    assertEquals(
        alerts.stream().map(a -> (String) a.get("alert")).toList(),
        headings.stream().filter(h -> h.startsWith("EcrOperator")).toList(),
        "docs/alerts.md has one section per alert, in the rules' order");
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() {
    Set<String> alerts = new TreeSet<>();
    MonitoringFiles.alerts().forEach(a -> alerts.add((String) a.get("alert")));
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode test : MonitoringFiles.tests()) {
      for (JsonNode expectation : test.path("alert_rule_test")) {
        String name = expectation.get("alertname").asText();
        assertTrue(alerts.contains(name), "a test of an unknown alert " + name);
        (expectation.path("exp_alerts").isEmpty() ? silent : firing).add(name);
      }
    }
    assertEquals(alerts, firing, "alerts tested firing");
    assertEquals(alerts, silent, "alerts tested not firing");
  }

  @Test
  void everyPanelQueriesTheChosenPrometheus() {
    JsonNode dashboard = MonitoringFiles.dashboard();
    assertEquals(39, dashboard.get("schemaVersion").asInt());
    JsonNode datasource = dashboard.get("templating").get("list").get(0);
    assertEquals("datasource", datasource.get("name").asText());
    assertEquals("datasource", datasource.get("type").asText());
    assertEquals("prometheus", datasource.get("query").asText());

    Set<Integer> ids = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : MonitoringFiles.panels()) {
      String title = panel.get("title").asText();
      assertTrue(ids.add(panel.get("id").asInt()), "panel id used twice: " + title);
      assertTrue(panel.has("gridPos"), title);
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      titles.add(title);
      assertEquals("${datasource}", panel.get("datasource").get("uid").asText(), title);
      assertFalse(panel.path("targets").isEmpty(), "a panel without a query: " + title);
      for (JsonNode target : panel.get("targets")) {
        assertFalse(target.path("expr").asText().isBlank(), title);
        assertEquals("${datasource}", target.get("datasource").get("uid").asText(), title);
      }
    }
    assertTrue(titles.size() >= 13, titles.toString());
  }
}
