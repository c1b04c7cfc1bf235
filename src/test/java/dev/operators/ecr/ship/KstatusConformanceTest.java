package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.ship.StatusSamples.Health;
import dev.operators.ecr.ship.StatusSamples.Sample;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every status the operator writes follows kstatus's conventions, so that Flux (and kubectl wait,
 * kpt, cli-utils) read the same health from it as Argo CD's script does.
 */
class KstatusConformanceTest {

  static List<Sample> samples() {
    return StatusSamples.all();
  }

  static List<Sample> written() {
    return StatusSamples.all().stream().filter(Sample::hasStatus).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void kstatusReadsTheIntendedHealth(Sample sample) {
    Kstatus.Result result = Kstatus.compute(sample.json());
    Kstatus.Status expected =
        switch (sample.health()) {
          case CURRENT -> Kstatus.Status.CURRENT;
          case FAILED -> Kstatus.Status.FAILED;
          case IN_PROGRESS -> Kstatus.Status.IN_PROGRESS;
          // Ready=False with Stalled and Reconciling False: kstatus reads no failure, no work.
          case PAUSED -> Kstatus.Status.CURRENT;
        };
    if (!sample.hasStatus()) {
      // kstatus's known gap: a custom resource with no status at all is Current. Flux's
      // healthCheckExprs (k8s/flux/) close it by requiring Ready=True.
      assertEquals(Kstatus.Status.CURRENT, result.status());
      return;
    }
    assertEquals(expected, result.status(), sample.name() + ": " + result.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("written")
  void conditionsFollowTheConventions(Sample sample) {
    var resource = sample.resource();
    List<Condition> conditions = sample.conditions();
    Condition ready = Conditions.find(conditions, Conditions.READY);
    Condition stalled = Conditions.find(conditions, Conditions.STALLED);
    Condition reconciling = Conditions.find(conditions, Conditions.RECONCILING);
    assertNotNull(ready);
    assertNotNull(stalled);
    assertNotNull(reconciling);
    for (Condition c : conditions) {
      assertTrue(Set.of("True", "False").contains(c.getStatus()), c.toString());
      assertTrue(c.getReason().matches("[A-Z][A-Za-z0-9]*"), "CamelCase reason: " + c);
      assertNotNull(c.getLastTransitionTime(), c.toString());
      // Each condition says which generation it describes: the one the status observed.
      assertEquals(sample.observedGeneration(), c.getObservedGeneration());
    }
    boolean isReady = "True".equals(ready.getStatus());
    boolean isStalled = "True".equals(stalled.getStatus());
    boolean isReconciling = "True".equals(reconciling.getStatus());
    if (isReady) {
      assertFalse(isStalled || isReconciling, "Ready=True excludes Stalled and Reconciling");
    }
    if (isStalled) {
      assertFalse(isReady, "Stalled=True means Ready=False");
    }
    // Abnormal-true polarity: one of the two says what is wrong, never both (kstatus would read
    // the first in list order and hide the other).
    assertFalse(isStalled && isReconciling, "Stalled and Reconciling are never both True");
    // Messages: a True abnormal condition says why; a False one is empty.
    for (Condition c : List.of(stalled, reconciling)) {
      assertEquals("True".equals(c.getStatus()), !c.getMessage().isEmpty(), c.toString());
    }
    assertFalse(ready.getMessage().isEmpty());
    if (sample.health() != Health.IN_PROGRESS) {
      // Reconciled: the status is about the spec as it is now.
      assertEquals(resource.getMetadata().getGeneration(), sample.observedGeneration());
    }
    if (sample.health() == Health.IN_PROGRESS
        && resource.getMetadata().getGeneration().equals(sample.observedGeneration())) {
      // Work under way on the current spec shows as Reconciling=True.
      assertTrue(isReconciling, "in progress at the observed generation means Reconciling=True");
    }
  }
}
