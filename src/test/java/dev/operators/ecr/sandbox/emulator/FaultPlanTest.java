package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Building and parsing fault plans. */
class FaultPlanTest {

  @Test
  void parsesEveryKey() {
    FaultPlan plan =
        FaultPlan.parse(
            "throttle=0.2, server=0.05,latency=20ms~10ms,drop=0.01,"
                + "rate.PutLifecyclePolicy=5,seed=42,ops=PutLifecyclePolicy+DescribeRepositories,"
                + "accounts=210987654321+111122223333");

    assertEquals(
        FaultPlan.builder()
            .seed(42)
            .throttle(0.2)
            .serverErrors(0.05)
            .latency(Duration.ofMillis(20), Duration.ofMillis(10))
            .drops(0.01)
            .rateLimit("PutLifecyclePolicy", 5.0)
            .only("PutLifecyclePolicy", "DescribeRepositories")
            .accounts("210987654321", "111122223333")
            .build(),
        plan);
    assertEquals(Set.of("210987654321", "111122223333"), plan.accounts());
    assertTrue(plan.appliesTo("210987654321"));
    assertFalse(plan.appliesTo("123456789012"));
    assertTrue(FaultPlan.parse("throttle=1").appliesTo("123456789012"), "no accounts: all");
    assertEquals(Map.of("PutLifecyclePolicy", 5.0), plan.rateLimits());
    assertEquals(Set.of("PutLifecyclePolicy", "DescribeRepositories"), plan.operations());
  }

  @Test
  void latencyWithoutJitterAndInSeconds() {
    FaultPlan plan = FaultPlan.parse("latency=1s");

    assertEquals(Duration.ofSeconds(1), plan.latency());
    assertEquals(Duration.ZERO, plan.jitter());
  }

  @Test
  void emptyTextInjectsNothing() {
    assertEquals(FaultPlan.NONE, FaultPlan.parse(""));
    assertEquals(FaultPlan.NONE, FaultPlan.parse("  "));
    assertEquals(0.0, FaultPlan.NONE.throttle());
    assertTrue(FaultPlan.NONE.rateLimits().isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "throttle                      | is not key=value",
        "=0.2                          | is not key=value",
        "throttle=0.2,                 | is not key=value",
        "throttle=lots                 | 'lots' is not a number",
        "throttle=NaN                  | 'NaN' is not a number",
        "throttle=1.5                  | throttle share must be between 0 and 1",
        "server=-0.1                   | server share must be between 0 and 1",
        "throttle=0.6,server=0.5       | add up to more than 1",
        "latency=20                    | '20' is not a duration",
        "latency=20ms~30ms             | jitter must be between 0 and the latency",
        "rate.PutLifecyclePolicy=0     | must be a positive number",
        "rate.PutLifecycle=5           | not an emulated ECR operation: PutLifecycle",
        "ops=CreateRepository+Nope     | not an emulated ECR operation: Nope",
        "seed=4.2                      | '4.2' is not a whole number",
        "seed=1,seed=2                 | 'seed' is given twice",
        "throttel=0.2                  | unknown key",
        "accounts=12345                | an account ID is 12 digits, not 12345",
      })
  void refusesBadPlansSayingWhy(String text, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse(text));

    assertTrue(
        e.getMessage().contains(expected),
        () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
  }

  @Test
  void builderChecksToo() {
    assertThrows(IllegalArgumentException.class, () -> FaultPlan.builder().drops(2).build());
    assertThrows(
        IllegalArgumentException.class, () -> FaultPlan.builder().rateLimit("Nope", 1).build());
  }
}
