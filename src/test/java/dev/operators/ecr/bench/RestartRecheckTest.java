package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.process.EmulatorSideDoor.Calls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * How the benchmark counts a restart in sync, on the emulator's counts as 1,000 repositories with a
 * 60-second resync period produce them: the restarted operator rechecks each repository once, and
 * resyncs, due at each repository's own point in the period, keep coming during the pass and after.
 */
class RestartRecheckTest {
  private static final int N = 1000;
  private static final Duration POLL = Duration.ofMillis(1);

  /** The counts read one after the other, the last one again and again. */
  private static Supplier<Calls> readings(List<Calls> readings) {
    AtomicInteger next = new AtomicInteger();
    return () -> readings.get(Math.min(next.getAndIncrement(), readings.size() - 1));
  }

  /**
   * {@code reads} lifecycle policy reads (and as many tag reads) over {@code named} repositories.
   */
  private static Calls rechecks(long reads, long named) {
    return new Calls(
        Map.of("GetLifecyclePolicy", reads, "ListTagsForResource", reads),
        Map.of("GetLifecyclePolicy", named, "ListTagsForResource", named),
        0,
        Map.of());
  }

  /** An operator whose resyncs keep coming after its pass, 17 a second, and never stop. */
  private static Supplier<Calls> aRestartFollowedByResyncs() {
    List<Calls> pass =
        List.of(
            rechecks(0, 0),
            rechecks(400, 400),
            // Repositories rechecked early come due again before the pass is over: N reads
            // already, 30 of them second reads.
            rechecks(N, 970),
            rechecks(N + 31, N));
    AtomicInteger read = new AtomicInteger();
    return () -> {
      int i = read.getAndIncrement();
      return i < pass.size() ? pass.get(i) : rechecks(N + 31 + 17L * (i - pass.size() + 1), N);
    };
  }

  @Test
  void countsUntilEveryRepositoryWasRecheckedNotUntilCallsStop() throws Exception {
    RestartRecheck recheck = new RestartRecheck(aRestartFollowedByResyncs(), N, POLL);

    Optional<RestartRecheck.Result> result =
        recheck.await(Instant.now(), Duration.ofSeconds(30), () -> true);

    assertTrue(result.isPresent());
    Calls counted = result.get().calls();
    // Neither at N reads (30 repositories not rechecked yet) nor at any later reading.
    assertEquals(N + 31, counted.calls("GetLifecyclePolicy"), "counted: " + counted);
    assertEquals(N, recheck.rechecked());
    assertEquals(31, result.get().repeatedRechecks());
    assertEquals(62, result.get().repeatedCalls());
    assertEquals(2 * N, counted.total() - result.get().repeatedCalls(), "one recheck each");
  }

  @Test
  void timesTheFirstCallAndTheLastRecheckFromTheStart() throws Exception {
    Instant start = Instant.now().minusSeconds(3);
    RestartRecheck recheck =
        new RestartRecheck(
            readings(List.of(rechecks(0, 0), rechecks(0, 0), rechecks(N, N))), N, POLL);

    RestartRecheck.Result result =
        recheck.await(start, Duration.ofSeconds(30), () -> true).orElseThrow();

    assertTrue(result.toFirstCall().compareTo(Duration.ofSeconds(3)) >= 0, result.toString());
    assertTrue(result.toAllRechecked().compareTo(result.toFirstCall()) >= 0, result.toString());
    assertEquals(0, result.repeatedCalls());
  }

  @Test
  void aBatchedDescribeIsNoRepeat() throws Exception {
    Calls batched =
        new Calls(
            Map.of("GetLifecyclePolicy", (long) N, "DescribeRepositories", 40L),
            Map.of("GetLifecyclePolicy", (long) N, "DescribeRepositories", 500L),
            0,
            Map.of());
    RestartRecheck recheck = new RestartRecheck(readings(List.of(batched)), N, POLL);

    RestartRecheck.Result result =
        recheck.await(Instant.now(), Duration.ofSeconds(30), () -> true).orElseThrow();

    assertEquals(0, result.repeatedCalls());
  }

  @Test
  void givesUpAtTheDeadlineOrWhenTheOperatorExits() throws Exception {
    Supplier<Calls> stuck = readings(List.of(rechecks(N + 500, N - 1)));

    assertTrue(
        new RestartRecheck(stuck, N, POLL)
            .await(Instant.now(), Duration.ofMillis(50), () -> true)
            .isEmpty());
    assertTrue(
        new RestartRecheck(stuck, N, POLL)
            .await(Instant.now(), Duration.ofSeconds(30), () -> false)
            .isEmpty());
  }
}
