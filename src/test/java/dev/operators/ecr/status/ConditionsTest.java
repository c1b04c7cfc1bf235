package dev.operators.ecr.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");

  @Test
  void lastTransitionTimeStaysWhileTheStatusDoesNotFlip() {
    List<Condition> first = Conditions.set(List.of(), "Ready", false, "Creating", "a", 1L, T0);
    List<Condition> second = Conditions.set(first, "Ready", false, "Throttled", "b", 2L, T1);

    Condition ready = Conditions.find(second, "Ready");
    assertEquals("2026-01-01T00:00:00Z", ready.getLastTransitionTime());
    assertEquals("Throttled", ready.getReason());
    assertEquals("b", ready.getMessage());
    assertEquals(2L, ready.getObservedGeneration());
  }

  @Test
  void lastTransitionTimeMovesWhenTheStatusFlips() {
    List<Condition> first = Conditions.set(List.of(), "Ready", false, "Creating", "a", 1L, T0);
    List<Condition> second = Conditions.set(first, "Ready", true, "Synced", "ok", 1L, T1);

    Condition ready = Conditions.find(second, "Ready");
    assertEquals("True", ready.getStatus());
    assertEquals("2026-01-01T01:00:00Z", ready.getLastTransitionTime());
    assertEquals(1, second.size());
  }

  @Test
  void conditionsKeepAStableOrderAndOtherTypesSurvive() {
    List<Condition> c = Conditions.set(List.of(), "Reconciling", true, "Creating", "", 1L, T0);
    c = Conditions.set(c, "Custom", true, "X", "", 1L, T0);
    c = Conditions.set(c, "Ready", false, "Creating", "", 1L, T0);
    c = Conditions.set(c, "Stalled", false, "Creating", "", 1L, T0);

    assertEquals(
        List.of("Ready", "Stalled", "Reconciling", "Custom"),
        c.stream().map(Condition::getType).toList());
    assertNull(Conditions.find(c, "Missing"));
  }

  /**
   * All three carry the reason and the generation; the message goes only on those that are True.
   */
  @ParameterizedTest(name = "ready {0}, stalled {1}, reconciling {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          true  | false | false | Ready=True:why Stalled=False: Reconciling=False:
          false | true  | false | Ready=False:why Stalled=True:why Reconciling=False:
          false | false | true  | Ready=False:why Stalled=False: Reconciling=True:why
          """)
  void kstatusSetsReadyStalledAndReconcilingTogether(
      boolean ready, boolean stalled, boolean reconciling, String expected) {
    List<Condition> c =
        Conditions.kstatus(List.of(), ready, stalled, reconciling, "Why", "why", 4L, T0);

    assertEquals(
        expected,
        c.stream()
            .map(x -> x.getType() + "=" + x.getStatus() + ":" + x.getMessage())
            .collect(Collectors.joining(" ")));
    c.forEach(
        x -> assertEquals(List.of("Why", 4L), List.of(x.getReason(), x.getObservedGeneration())));
  }
}
