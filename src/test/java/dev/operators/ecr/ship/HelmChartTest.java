package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the Helm chart shares with the kustomize base and the image, checked without helm: the
 * ClusterRole rules it includes verbatim, the JVM flags and jar of the image's ENTRYPOINT, the
 * version, the alerts and dashboard of k8s/monitoring/. Its rendering with the real helm is checked
 * by kube/HelmKubeIT; its CRDs by api/GeneratedCrdTest.
 */
class HelmChartTest {

  @Test
  void theClusterRoleRulesAreThoseOfK8s() {
    JsonNode kustomize = ShipFiles.installed("ClusterRole", "ecr-operator").get("rules");
    JsonNode chart = ShipFiles.documents(HelmChart.CLUSTER_ROLE_RULES).get(0);
    assertEquals(
        kustomize,
        chart,
        HelmChart.CLUSTER_ROLE_RULES + " differs from the ClusterRole's rules in k8s/rbac.yaml");
  }

  @Test
  void theJvmOptionsAndJarAreThoseOfTheImage() {
    List<String> entrypoint = HelmChart.entrypoint();
    int jar = entrypoint.indexOf("-jar");
    assertEquals("java", entrypoint.get(0), "ENTRYPOINT " + entrypoint);
    List<String> jvmOptions = new ArrayList<>();
    ShipFiles.documents(HelmChart.VALUES)
        .get(0)
        .get("jvmOptions")
        .forEach(o -> jvmOptions.add(o.asText()));
    assertEquals(
        entrypoint.subList(1, jar),
        jvmOptions,
        "the chart's default jvmOptions (values.yaml) are the Dockerfile ENTRYPOINT's flags");
    String template =
        ShipFiles.read(HelmChart.CHART.resolve("templates").resolve("deployment.yaml"));
    assertTrue(
        template.contains("- -jar\n            - " + entrypoint.get(jar + 1) + "\n"),
        "templates/deployment.yaml starts " + entrypoint.get(jar + 1));
  }

  @Test
  void theAlertsAndDashboardAreThoseOfK8sMonitoring() {
    assertEquals(
        HelmChart.alertsSpec(),
        ShipFiles.documents(HelmChart.PROMETHEUS_RULE_SPEC).get(0),
        HelmChart.PROMETHEUS_RULE_SPEC
            + " differs from the spec of "
            + HelmChart.K8S_PROMETHEUS_RULE
            + ": copy that spec into it, dedented by two spaces");
    assertEquals(
        ShipFiles.read(HelmChart.K8S_DASHBOARD),
        ShipFiles.read(HelmChart.DASHBOARD),
        HelmChart.DASHBOARD
            + " differs from "
            + HelmChart.K8S_DASHBOARD
            + ": cp "
            + HelmChart.K8S_DASHBOARD
            + " "
            + HelmChart.DASHBOARD);
  }

  @Test
  void theAppVersionIsTheImageTagOfK8s() {
    JsonNode chart = ShipFiles.documents(HelmChart.CHART.resolve("Chart.yaml")).get(0);
    JsonNode images = ShipFiles.documents(ShipFiles.KUSTOMIZATION).get(0).get("images").get(0);
    assertEquals("v2", chart.get("apiVersion").asText());
    assertEquals(images.get("newTag").asText(), chart.get("appVersion").asText());
    assertEquals(
        images.get("newName").asText(),
        ShipFiles.documents(HelmChart.VALUES).get(0).at("/image/repository").asText());
  }
}
