package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The Helm chart (charts/ecr-operator) and what its rendering must share with the kustomize base:
 * the RBAC rules, the Deployment's hardening and the image's ENTRYPOINT. The checks take objects
 * rendered by the real {@code helm} (in the tests with a real API server) or read from the chart.
 */
public final class HelmChart {
  public static final Path CHART = Path.of("charts", "ecr-operator");
  static final Path CLUSTER_ROLE_RULES = CHART.resolve("files").resolve("clusterrole-rules.yaml");
  static final Path VALUES = CHART.resolve("values.yaml");
  static final Path PROMETHEUS_RULE_SPEC =
      CHART.resolve("files").resolve("prometheusrule-spec.yaml");
  static final Path DASHBOARD = CHART.resolve("files").resolve("grafana-dashboard.json");
  static final Path K8S_PROMETHEUS_RULE = ShipFiles.K8S.resolve("monitoring/prometheusrule.yaml");
  static final Path K8S_DASHBOARD = ShipFiles.K8S.resolve("monitoring/grafana-dashboard.json");

  private HelmChart() {}

  /** Every non-empty document of a multi-document YAML text, such as helm template's output. */
  public static List<JsonNode> documents(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = ShipFiles.YAML.getFactory().createParser(yaml)) {
      var values = ShipFiles.YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** The spec of k8s/monitoring/prometheusrule.yaml: the alerts every install path ships. */
  public static JsonNode alertsSpec() {
    return ShipFiles.documents(K8S_PROMETHEUS_RULE).get(0).get("spec");
  }

  /** k8s/monitoring/grafana-dashboard.json, parsed. */
  public static JsonNode dashboard() {
    try {
      return ShipFiles.JSON.readTree(ShipFiles.read(K8S_DASHBOARD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one object of that kind among {@code objects}. */
  public static JsonNode one(List<JsonNode> objects, String kind) {
    List<JsonNode> found =
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    assertEquals(1, found.size(), "objects of kind " + kind);
    return found.get(0);
  }

  /**
   * The rules bound to the ServiceAccount ecr-operator/ecr-operator by {@code rendered} (the
   * release ecr-operator in the namespace ecr-operator) are those of k8s/rbac.yaml.
   */
  public static void assertRbacAsKustomize(List<JsonNode> rendered) {
    List<RbacRules.Rule> expected =
        RbacRules.boundTo(ShipFiles.installed(), ShipFiles.NAMESPACE, "ecr-operator").rules();
    List<RbacRules.Rule> actual =
        RbacRules.boundTo(rendered, ShipFiles.NAMESPACE, "ecr-operator").rules();
    assertEquals(
        new HashSet<>(expected),
        new HashSet<>(actual),
        "the chart's RBAC differs from k8s/rbac.yaml; the chart's ClusterRole rules are "
            + CLUSTER_ROLE_RULES
            + ", its leader election Role is in templates/rbac.yaml");
    assertEquals(expected.size(), actual.size(), "rules bound: " + actual);
  }

  /**
   * The rendered Deployment is hardened as k8s/deployment.yaml: pod and container security
   * contexts, probes, ports, the /tmp emptyDir, the rollout strategy, the grace period and the
   * anti-affinity's weight and topology, with the chart's default values for the rest (replicas,
   * resources).
   */
  public static void assertHardenedAsKustomize(JsonNode rendered) {
    JsonNode kustomize = ShipFiles.installed("Deployment", "ecr-operator");
    for (String pointer :
        List.of(
            "/spec/replicas",
            "/spec/strategy",
            "/spec/template/spec/securityContext",
            "/spec/template/spec/automountServiceAccountToken",
            "/spec/template/spec/terminationGracePeriodSeconds",
            "/spec/template/spec/volumes",
            "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight",
            "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey",
            "/spec/template/spec/containers/0/name",
            "/spec/template/spec/containers/0/imagePullPolicy",
            "/spec/template/spec/containers/0/ports",
            "/spec/template/spec/containers/0/startupProbe",
            "/spec/template/spec/containers/0/livenessProbe",
            "/spec/template/spec/containers/0/readinessProbe",
            "/spec/template/spec/containers/0/resources",
            "/spec/template/spec/containers/0/securityContext",
            "/spec/template/spec/containers/0/volumeMounts")) {
      assertEquals(kustomize.at(pointer), rendered.at(pointer), "Deployment " + pointer);
    }
    JsonNode labels = rendered.at("/spec/template/metadata/labels");
    JsonNode antiAffinity =
        rendered.at(
            "/spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/labelSelector/matchLabels");
    antiAffinity
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getValue(), labels.path(e.getKey()), "anti-affinity selects the own pods"));
    rendered
        .at("/spec/selector/matchLabels")
        .fields()
        .forEachRemaining(
            e -> assertEquals(e.getValue(), labels.path(e.getKey()), "selector matches the pods"));
  }

  /** The image's ENTRYPOINT (Dockerfile, final stage), which the chart's command restates. */
  public static List<String> entrypoint() {
    return Dockerfile.read(ShipFiles.DOCKERFILE).finalStage().last("ENTRYPOINT").execForm();
  }
}
