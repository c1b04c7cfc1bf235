package dev.operators.ecr.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resources by Ready state, and those not Ready by reason and Stalled, on /metrics: the series a
 * Stalled alert and a not-Ready alert read.
 */
class ResourceStateTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private final OperatorMetrics metrics = new OperatorMetrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  private static EcrRepository resource(
      boolean ready, boolean stalled, boolean reconciling, String reason) {
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    status.setConditions(
        Conditions.kstatus(List.of(), ready, stalled, reconciling, reason, "m", 1L, NOW));
    EcrRepository resource = new EcrRepository();
    resource.setStatus(status);
    return resource;
  }

  @Test
  void aResourceIsKeyedByReadyItsReasonAndStalled() {
    assertEquals("True/None", ResourceState.keyOf(resource(true, false, false, Reasons.SYNCED)));
    assertEquals(
        "False/AccessDenied/Stalled",
        ResourceState.keyOf(resource(false, true, false, Reasons.ACCESS_DENIED)));
    assertEquals(
        "False/Paused", ResourceState.keyOf(resource(false, false, false, Reasons.PAUSED)));
    assertEquals(
        "False/Creating", ResourceState.keyOf(resource(false, false, true, Reasons.CREATING)));
    // A reason this release does not know is not a new label value.
    assertEquals(
        "False/Other/Stalled", ResourceState.keyOf(resource(false, true, false, "SomethingNew")));
    assertEquals("Unknown/None", ResourceState.keyOf(new EcrRepository()));

    ResourceState stalled = ResourceState.ofKey("False/AccessDenied/Stalled");
    assertEquals(new ResourceState("False", Reasons.ACCESS_DENIED, true), stalled);
    assertNull(ResourceState.ofKey("Maybe/Synced"));
  }

  @Test
  void everyResourceInOneStateSharesOneKeyInstance() {
    String first = ResourceState.keyOf(resource(false, true, false, Reasons.INVALID_SPEC));
    String second = ResourceState.keyOf(resource(false, true, false, Reasons.INVALID_SPEC));
    assertSame(first, second);
  }

  /** The resource series of a scrape, sorted. */
  private Set<String> series() {
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith("ecr_operator_resources"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void notReadyResourcesAreGaugedByReasonAndStalledAndGoWhenNoneIsLeft() {
    Map<String, Long> cached = new ConcurrentHashMap<>();
    metrics.countResources(() -> Map.copyOf(cached));
    cached.put("True/None", 5L);
    cached.put("False/AccessDenied/Stalled", 2L);
    cached.put("Unknown/AccessDenied/Stalled", 1L);
    cached.put("False/Paused", 1L);
    cached.put("Unknown/None", 3L);

    assertEquals(
        Set.of(
            "ecr_operator_resources{ready=\"False\"} 3.0",
            "ecr_operator_resources{ready=\"True\"} 5.0",
            "ecr_operator_resources{ready=\"Unknown\"} 4.0",
            "ecr_operator_resources_not_ready{reason=\"AccessDenied\",stalled=\"true\"} 3.0",
            "ecr_operator_resources_not_ready{reason=\"None\",stalled=\"false\"} 3.0",
            "ecr_operator_resources_not_ready{reason=\"Paused\",stalled=\"false\"} 1.0"),
        series());

    cached.remove("False/AccessDenied/Stalled");
    cached.remove("Unknown/AccessDenied/Stalled");
    cached.remove("False/Paused");
    cached.put("True/None", 8L);

    assertEquals(
        Set.of(
            "ecr_operator_resources{ready=\"False\"} 0.0",
            "ecr_operator_resources{ready=\"True\"} 8.0",
            "ecr_operator_resources{ready=\"Unknown\"} 3.0",
            "ecr_operator_resources_not_ready{reason=\"None\",stalled=\"false\"} 3.0"),
        series());
  }
}
