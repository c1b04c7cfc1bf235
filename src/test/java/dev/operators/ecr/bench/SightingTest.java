package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bounds of when something first held, from looks that each take time. */
class SightingTest {
  private final AtomicLong now = new AtomicLong();
  private final List<Duration> lookTimes = new ArrayList<>();

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  /** Each look lasts 50 ms; it sees the thing from look {@code from} (1 for the first) on. */
  private Optional<Sighting> watch(int from, Duration timeout, boolean alive) throws Exception {
    AtomicInteger looks = new AtomicInteger();
    return Sighting.watch(
        now::get,
        d -> now.addAndGet(d.toNanos()),
        0,
        () -> {
          now.addAndGet(ms(50));
          return looks.incrementAndGet() >= from;
        },
        Duration.ofMillis(20),
        timeout,
        () -> alive,
        lookTimes);
  }

  @Test
  void seenAtTheFirstLookItHeldByItsEndAndNothingIsKnownBefore() throws Exception {
    now.set(ms(5)); // the write that sets it off took 5 ms
    Sighting s = watch(1, Duration.ofSeconds(60), true).orElseThrow();
    assertEquals(new Sighting(Duration.ZERO, Duration.ofMillis(55), 1), s);
    assertEquals(List.of(Duration.ofMillis(50)), lookTimes);
  }

  @Test
  void seenAtTheThirdLookItHeldAfterTheSecondBeganAndByTheThirdsEnd() throws Exception {
    Sighting s = watch(3, Duration.ofSeconds(60), true).orElseThrow();
    // Looks at 0-50, 70-120, 140-190 ms.
    assertEquals(new Sighting(Duration.ofMillis(70), Duration.ofMillis(190), 3), s);
    assertEquals(3, lookTimes.size());
  }

  @Test
  void neverSeenWithinTheTimeOrOnceTheProcessIsGone() throws Exception {
    assertTrue(watch(1000, Duration.ofSeconds(1), true).isEmpty());
    assertTrue(now.get() >= ms(1000) && now.get() < ms(1100), "stops once the time is up");
    now.set(0);
    lookTimes.clear();
    assertTrue(watch(1000, Duration.ofSeconds(60), false).isEmpty());
    assertEquals(1, lookTimes.size());
  }
}
