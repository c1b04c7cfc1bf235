package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Deployment runs the operator as the runtime expects (leader election, health and metrics on
 * 8080, JSON logs) under the restricted Pod Security Standard.
 */
class DeploymentTest {
  private static final long MI = 1024L * 1024L;

  private final JsonNode deployment = ShipFiles.installed("Deployment", "ecr-operator");
  private final JsonNode pod = deployment.at("/spec/template/spec");
  private final JsonNode container = onlyContainer();

  private JsonNode onlyContainer() {
    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  @Test
  void twoReplicasWithLeaderElectionInThePodsNamespace() {
    assertEquals(2, deployment.at("/spec/replicas").asInt());
    Map<String, JsonNode> env = env();
    assertEquals("true", env.get("ECR_OPERATOR_LEADER_ELECTION").path("value").asText());
    assertEquals(
        "metadata.namespace",
        env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText());
    assertEquals("json", env.get("ECR_OPERATOR_LOG_FORMAT").path("value").asText());
    // A new pod must be Ready before an old one goes: never fewer than two during a rollout.
    assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
  }

  @Test
  void probesAndMetricsOnPort8080() {
    assertEquals(8080, port(container.at("/livenessProbe/httpGet/port")));
    assertEquals("/healthz", container.at("/livenessProbe/httpGet/path").asText());
    assertEquals(8080, port(container.at("/readinessProbe/httpGet/port")));
    assertEquals("/readyz", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("/healthz", container.at("/startupProbe/httpGet/path").asText());
    JsonNode service = ShipFiles.installed("Service", "ecr-operator-metrics");
    JsonNode port = service.at("/spec/ports/0");
    assertEquals("metrics", port.path("name").asText());
    assertEquals(8080, port.path("port").asInt());
    assertEquals(8080, port(port.path("targetPort")));
  }

  @Test
  void restrictedPodSecurity() {
    JsonNode podSecurity = pod.path("securityContext");
    assertTrue(podSecurity.path("runAsNonRoot").asBoolean());
    assertEquals("RuntimeDefault", podSecurity.at("/seccompProfile/type").asText());
    JsonNode security = container.path("securityContext");
    assertTrue(security.path("runAsNonRoot").asBoolean());
    assertTrue(security.path("runAsUser").asLong() > 0);
    assertEquals(security.path("runAsUser"), podSecurity.path("runAsUser"));
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
    assertFalse(security.path("privileged").asBoolean(false));
    assertEquals(List.of("ALL"), texts(security.at("/capabilities/drop")));
    assertTrue(security.at("/capabilities/add").isMissingNode());
    for (String hostAccess : List.of("hostNetwork", "hostPID", "hostIPC")) {
      assertFalse(pod.path(hostAccess).asBoolean(false), hostAccess);
    }
    // The operator talks to the API server with the ServiceAccount's token.
    assertTrue(pod.path("automountServiceAccountToken").asBoolean());
    assertTrue(
        ShipFiles.installed("ServiceAccount", pod.path("serviceAccountName").asText())
            .path("automountServiceAccountToken")
            .asBoolean(true));
  }

  @Test
  void aWritableTmpForTheJvmOnAReadOnlyRoot() {
    JsonNode mount =
        StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
            .filter(m -> "/tmp".equals(m.path("mountPath").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume at /tmp"));
    JsonNode volume =
        StreamSupport.stream(pod.path("volumes").spliterator(), false)
            .filter(v -> mount.path("name").asText().equals(v.path("name").asText()))
            .findFirst()
            .orElseThrow();
    assertTrue(volume.has("emptyDir"), volume.toString());
    assertFalse(mount.path("readOnly").asBoolean(false));
  }

  @Test
  void memoryIsRequestedAndLimited() {
    JsonNode resources = container.path("resources");
    long request = bytes(resources.at("/requests/memory").asText());
    long limit = bytes(resources.at("/limits/memory").asText());
    assertTrue(resources.at("/requests/cpu").isTextual());
    assertTrue(request > 0 && request <= limit, resources.toString());
    // The image gives the heap 75% of the limit: at least 256 MiB of heap, 6x the live heap
    // measured for 10,000 resources.
    assertTrue(limit * 3 / 4 >= 256 * MI, "heap at 75% of " + limit);
    // Throttling start-up would only slow the informers' first sync.
    assertTrue(resources.at("/limits/cpu").isMissingNode());
  }

  private Map<String, JsonNode> env() {
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  /** A port given by number or by the name of one of the container's ports. */
  private int port(JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (port.asText().equals(p.path("name").asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no container port named " + port);
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  static long bytes(String quantity) {
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024 * MI;
    }
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * MI;
    }
    throw new AssertionError("write memory in Mi or Gi: " + quantity);
  }
}
