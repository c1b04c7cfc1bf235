package dev.operators.ecr.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.PortMethods;
import dev.operators.ecr.runtime.health.EcrHealth;
import io.micrometer.core.instrument.Counter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every port method, found by reflection, is counted under its ECR operation and reported. */
class MeteredEcrPortTest {
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final EcrHealth health = new EcrHealth(Clock.systemUTC());
  private final PortMethods.Recording next = new PortMethods.Recording();
  private final MeteredEcrPort port = new MeteredEcrPort(next.port(), metrics, health);

  @AfterEach
  void close() {
    metrics.close();
  }

  private double calls(Method method, String outcome) {
    Counter counter =
        metrics
            .registry()
            .find(OperatorMetrics.ECR_CALLS)
            .tag("operation", PortMethods.operation(method))
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double allCalls() {
    return metrics.registry().find(OperatorMetrics.ECR_CALLS).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Test
  void everyMethodIsCountedOnceUnderItsOperation() {
    Map<String, Double> expected = new HashMap<>();
    PortMethods.callEach(
        port,
        next,
        method -> {
          String what = "EcrPort." + method.getName();
          assertEquals(
              expected.merge(PortMethods.operation(method), 1.0, Double::sum),
              calls(method, "ok"),
              what);
          assertEquals(
              expected.values().stream().mapToDouble(Double::doubleValue).sum(), allCalls(), what);
        });
  }

  @Test
  void everyMethodThatFailsIsCountedByKindAndTellsTheHealthOfItsRegion() {
    Map<String, Double> expected = new HashMap<>();
    for (Method method : PortMethods.all()) {
      String what = "EcrPort." + method.getName();
      double times = expected.merge(PortMethods.operation(method), 1.0, Double::sum);
      next.failure =
          new EcrException(
              EcrErrorKind.ACCESS_DENIED,
              PortMethods.operation(method),
              "AccessDeniedException",
              "denied",
              null);
      assertThrows(EcrException.class, () -> PortMethods.call(port, method), what);
      assertEquals(times, calls(method, "access_denied"), what);
      assertTrue(health.problem().orElse("").contains(PortMethods.REGION), what);

      next.failure = null;
      PortMethods.call(port, method);
      assertEquals(times, calls(method, "ok"), what);
      assertEquals(Optional.empty(), health.problem(), what + " answered");
    }
  }
}
