package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-region token bucket, on a clock the test moves. */
class CallRateLimiterTest {
  private final AtomicLong now = new AtomicLong();
  private final List<Long> waits = new ArrayList<>();
  // Sleeping moves the clock, as real time would.
  private final CallRateLimiter limiter =
      new CallRateLimiter(
          10,
          now::get,
          nanos -> {
            waits.add(nanos);
            now.addAndGet(nanos);
          });

  @Test
  void aBurstOfOneSecondsWorthGoesAtOnceThenCallsAreSpaced() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("eu-west-1");
    }
    assertEquals(List.of(), waits, "the first ten calls are the burst");

    for (int i = 0; i < 5; i++) {
      limiter.acquire("eu-west-1");
    }
    assertEquals(
        List.of(100_000_000L, 100_000_000L, 100_000_000L, 100_000_000L, 100_000_000L), waits);
    assertEquals(500_000_000L, now.get(), "fifteen calls at ten a second take half a second");
  }

  @Test
  void everyPortCallTakesATurnInItsRegion() {
    EcrPort nothing =
        (EcrPort)
            java.lang.reflect.Proxy.newProxyInstance(
                EcrPort.class.getClassLoader(),
                new Class<?>[] {EcrPort.class},
                (proxy, method, args) ->
                    method.getReturnType() == boolean.class
                        ? false
                        : method.getReturnType() == long.class ? 0L : null);
    EcrPort limited = new RateLimitedEcrPort(nothing, limiter);
    RepositoryRef ref = new RepositoryRef("eu-west-1", "a");
    for (int i = 0; i < 10; i++) {
      limited.listTags(ref, "arn");
    }
    limited.putLifecyclePolicy(ref, "{}");
    limited.deleteRepository(ref, false);

    assertEquals(List.of(100_000_000L, 100_000_000L), waits);
  }

  @Test
  void everyPortMethodTakesOneTurnAndIsPassedOn() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire(PortMethods.REGION);
    }
    PortMethods.Recording next = new PortMethods.Recording();

    PortMethods.callEach(
        new RateLimitedEcrPort(next.port(), limiter),
        next,
        method -> {
          assertEquals(List.of(100_000_000L), waits, "EcrPort." + method.getName());
          waits.clear();
        });
  }

  @Test
  void regionsHaveTheirOwnBuckets() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("eu-west-1");
      limiter.acquire("us-east-1");
    }
    assertEquals(List.of(), waits);
  }

  @Test
  void tokensComeBackWithTime() {
    for (int i = 0; i < 10; i++) {
      limiter.acquire("eu-west-1");
    }
    now.addAndGet(300_000_000L);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("eu-west-1");
    }
    assertEquals(List.of(), waits, "0.3 s refills three calls");
    limiter.acquire("eu-west-1");
    assertEquals(List.of(100_000_000L), waits);
  }
}
