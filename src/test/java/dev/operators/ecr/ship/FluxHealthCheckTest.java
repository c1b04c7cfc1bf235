package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.ship.FluxHealthCheck.Status;
import dev.operators.ecr.ship.StatusSamples.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Flux example ({@code k8s/flux/kustomizations.yaml}): its health check expressions for each
 * kind, evaluated as kustomize-controller does, read the intended health from every status the
 * operator writes, and its Kustomizations depend on one another in install order.
 */
class FluxHealthCheckTest {
  private static final Path FILE = ShipFiles.K8S.resolve("flux").resolve("kustomizations.yaml");
  private static final String API_VERSION = "ecr.operators.dev/v1alpha1";

  private static final List<JsonNode> KUSTOMIZATIONS = ShipFiles.documents(FILE);
  private static final FluxHealthCheck CHECK = check("EcrRepository");

  private static FluxHealthCheck check(String kind) {
    return FluxHealthCheck.of(byName("ecr-repositories"), API_VERSION, kind);
  }

  @Test
  void everyKindOfTheOperatorHasTheSameExpressions() {
    JsonNode exprs = byName("ecr-repositories").at("/spec/healthCheckExprs");
    List<String> kinds = new java.util.ArrayList<>();
    exprs.forEach(e -> kinds.add(e.path("kind").asText()));
    assertEquals(ShipFiles.crdKinds(), kinds.stream().sorted().toList());
    for (JsonNode e : exprs) {
      assertEquals(exprs.get(0).path("current"), e.path("current"), e.path("kind").asText());
      assertEquals(exprs.get(0).path("failed"), e.path("failed"), e.path("kind").asText());
      assertEquals(exprs.get(0).path("inProgress"), e.path("inProgress"), e.path("kind").asText());
    }
  }

  static List<Sample> samples() {
    return StatusSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyStatusTheOperatorWrites(Sample sample) {
    Status status = check(sample.resource().getKind()).evaluate(sample.json());
    if (!sample.hasStatus()) {
      // status.conditions is absent: the expressions fail to evaluate and Flux keeps polling
      // until the operator writes a status or spec.timeout passes. Never Current.
      assertEquals(Status.ERROR, status);
      return;
    }
    Status expected =
        switch (sample.health()) {
          case CURRENT -> Status.CURRENT;
          case FAILED -> Status.FAILED;
          case IN_PROGRESS -> Status.IN_PROGRESS;
          // Paused is a person's decision: Flux neither fails nor waits for it.
          case PAUSED -> Status.CURRENT;
        };
    assertEquals(expected, status, sample.name());
  }

  /** Why exists() and not filter().all(): all() over no element is true. */
  @Test
  void aStatusWithoutReadyIsNotCurrent() throws Exception {
    JsonNode noReady =
        ShipFiles.JSON.readTree(
            "{\"metadata\": {\"generation\": 1}, \"status\": {\"observedGeneration\": 1,"
                + " \"conditions\": []}}");
    assertNotEquals(Status.CURRENT, CHECK.evaluate(noReady));
    FluxHealthCheck vacuous =
        new FluxHealthCheck(
            "", "", "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')");
    assertEquals(Status.CURRENT, vacuous.evaluate(noReady));
  }

  @Test
  void theKustomizationsInstallInOrderAndWait() {
    Set<String> names =
        KUSTOMIZATIONS.stream()
            .map(k -> k.at("/metadata/name").asText())
            .collect(Collectors.toSet());
    assertEquals(Set.of("ecr-operator-crds", "ecr-operator", "ecr-repositories"), names);
    for (JsonNode k : KUSTOMIZATIONS) {
      assertEquals("kustomize.toolkit.fluxcd.io/v1", k.path("apiVersion").asText());
      assertEquals("Kustomization", k.path("kind").asText());
      assertTrue(k.at("/spec/wait").asBoolean(), k.at("/metadata/name").asText() + " waits");
      k.at("/spec/dependsOn").forEach(d -> assertTrue(names.contains(d.path("name").asText())));
    }
    assertEquals("ecr-operator-crds", byName("ecr-operator").at("/spec/dependsOn/0/name").asText());
    assertEquals("ecr-operator", byName("ecr-repositories").at("/spec/dependsOn/0/name").asText());
    assertEquals("./crds", byName("ecr-operator-crds").at("/spec/path").asText());
    assertEquals("./k8s", byName("ecr-operator").at("/spec/path").asText());
    // Pruning the CRD would delete every EcrRepository with it.
    assertEquals(false, byName("ecr-operator-crds").at("/spec/prune").asBoolean(true));
  }

  private static JsonNode byName(String name) {
    return KUSTOMIZATIONS.stream()
        .filter(k -> name.equals(k.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow();
  }
}
