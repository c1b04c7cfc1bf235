package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.operators.ecr.monitoring.MonitoringFiles;
import dev.operators.ecr.process.KubectlProgram.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the dashboard of {@code k8s/monitoring/} with the real tools: promtool
 * (built from the Prometheus Go module into the kube.bin folder) checks the rules and runs their
 * unit tests, and parses every dashboard query; kubectl renders the kustomization, and applies it
 * to the real API server as docs/install.md prints it.
 */
class MonitoringKubeIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK = Path.of("target", "monitoring");

  /**
   * A stand-in for one of the Prometheus Operator's CRDs, which this server does not have: the
   * kind, with any content. What the Prometheus Operator validates beyond that is not checked here.
   */
  private static String standInCrd(String kind) {
    String plural = kind.toLowerCase(Locale.ROOT) + "s";
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %2$s.monitoring.coreos.com}
        spec:
          group: monitoring.coreos.com
          scope: Namespaced
          names: {kind: %1$s, listKind: %1$sList, plural: %2$s, singular: %3$s}
          versions:
            - name: v1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """
        .formatted(kind, plural, plural.substring(0, plural.length() - 1));
  }

  private static Path bin;

  @BeforeAll
  static void prepare() throws Exception {
    bin = RealKubernetes.binaries();
    Files.createDirectories(WORK);
    writeRules(MonitoringFiles.rulesSpec(), WORK.resolve("rules.yaml"));
    for (Path test : MonitoringFiles.testFiles()) {
      Files.copy(test, WORK.resolve(test.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The PrometheusRule's spec as a plain rules file: what the Prometheus Operator hands over. */
  private static void writeRules(JsonNode spec, Path file) throws IOException {
    Files.writeString(file, YAML.writeValueAsString(spec));
  }

  record Run(int exitCode, String output) {}

  private static Run promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(bin.resolve("promtool").toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not end: " + command);
    }
    return new Run(process.exitValue(), output);
  }

  @Test
  void promtoolAcceptsTheRulesAndEveryUnitTestPasses() throws Exception {
    Run check = promtool("check", "rules", "rules.yaml");
    assertEquals(0, check.exitCode(), check.output());
    int alerts = MonitoringFiles.alerts().size();
    assertTrue(check.output().contains("SUCCESS: " + alerts + " rules found"), check.output());

    for (Path test : MonitoringFiles.testFiles()) {
      Run run = promtool("test", "rules", test.getFileName().toString());
      System.out.println("promtool test rules " + test + ":\n" + run.output());
      assertEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("SUCCESS"), run.output());
    }
  }

  /**
   * The cases just below each threshold decide: with the thresholds lowered a little, the unit
   * tests fail, and name those cases.
   */
  @Test
  void theCasesJustBelowEachThresholdFailWhenTheThresholdIsLowered() throws Exception {
    ObjectNode spec = (ObjectNode) MonitoringFiles.rulesSpec().deepCopy();
    for (JsonNode group : spec.get("groups")) {
      for (JsonNode rule : (ArrayNode) group.get("rules")) {
        String expr = rule.get("expr").asText();
        ((ObjectNode) rule).put("expr", expr.replace("> 0.1", "> 0.08").replace("> 10", "> 9"));
      }
    }
    writeRules(spec, WORK.resolve("rules-lowered.yaml"));
    for (Path test : MonitoringFiles.testFiles()) {
      Path lowered = WORK.resolve("lowered-" + test.getFileName());
      Files.writeString(
          lowered, Files.readString(test).replace("- rules.yaml", "- rules-lowered.yaml"));
      Run run = promtool("test", "rules", lowered.getFileName().toString());
      assertNotEquals(0, run.exitCode(), run.output());
      for (String belowThreshold :
          List.of(
              "9% of the calls throttled, just below the threshold",
              "9% of the reconciles fail, just below the threshold",
              "10 drift corrections at once, just below the threshold")) {
        assertTrue(run.output().contains(belowThreshold), run.output());
      }
    }
  }

  /** Every dashboard query is PromQL that Prometheus parses (as recording rules). */
  @Test
  void promtoolParsesEveryDashboardQuery() throws Exception {
    ObjectNode rules = YAML.createObjectNode();
    ArrayNode list =
        rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    List<String> queries = MonitoringFiles.dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      // Grafana's own variable, outside any string; the others are inside label values.
      list.addObject()
          .put("record", "dashboard:query_" + i)
          .put("expr", queries.get(i).replace("$__rate_interval", "5m"));
    }
    Files.writeString(WORK.resolve("dashboard-queries.yaml"), YAML.writeValueAsString(rules));
    Run check = promtool("check", "rules", "dashboard-queries.yaml");
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(
        check.output().contains("SUCCESS: " + queries.size() + " rules found"), check.output());
  }

  /**
   * {@code kubectl apply -k k8s/monitoring/} as docs/install.md prints it, on the real API server
   * with stand-ins of the Prometheus Operator's CRDs: the rule, the ServiceMonitor and the
   * dashboard's ConfigMap are stored as the files say, and a second apply changes nothing.
   */
  /** The object as the API server stores it in the operator's namespace. */
  private static JsonNode stored(Kubectl kubectl, String kind, String name) throws IOException {
    return JSON.readTree(
        kubectl.run("get", kind, name, "-n", "ecr-operator", "-o", "json").orFail().out());
  }

  @Test
  void theKustomizationAppliesAsInstallMdPrintsIt() throws Exception {
    Kubectl admin = RealKubernetes.shared().kubectl("admin");
    admin
        .runWithInput(
            standInCrd("PrometheusRule") + "---\n" + standInCrd("ServiceMonitor"),
            "apply",
            "-f",
            "-")
        .orFail();
    admin
        .run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/prometheusrules.monitoring.coreos.com",
            "crd/servicemonitors.monitoring.coreos.com")
        .orFail();
    admin.run("apply", "-f", "k8s/namespace.yaml").orFail();

    Result applied = admin.runUntilOk(Duration.ofSeconds(30), "apply", "-k", "k8s/monitoring/");
    System.out.println("kubectl apply -k k8s/monitoring/:\n" + applied.out());
    assertTrue(applied.out().contains("configmap/ecr-operator-dashboard"), applied.out());
    assertTrue(
        applied.out().contains("prometheusrule.monitoring.coreos.com/ecr-operator"), applied.out());
    assertTrue(
        applied.out().contains("servicemonitor.monitoring.coreos.com/ecr-operator"), applied.out());

    JsonNode rule = stored(admin, "prometheusrule", "ecr-operator");
    assertEquals(MonitoringFiles.rulesSpec(), rule.get("spec"));
    JsonNode monitor = stored(admin, "servicemonitor", "ecr-operator");
    assertTrue(monitor.at("/spec/endpoints/0/honorLabels").asBoolean(), monitor.toString());
    JsonNode dashboard = stored(admin, "configmap", "ecr-operator-dashboard");
    assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
    assertEquals(
        MonitoringFiles.dashboard(),
        JSON.readTree(dashboard.at("/data/grafana-dashboard.json").asText()));

    Result again = admin.run("apply", "-k", "k8s/monitoring/").orFail();
    assertEquals(3, again.out().lines().filter(l -> l.endsWith(" unchanged")).count(), again.out());
  }
}
