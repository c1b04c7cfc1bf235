package dev.operators.ecr.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When something first held, as far as looking at it again and again can tell: each look takes
 * time, and it reads what it sees at some moment within that time. So a look that does not see it
 * shows that it did not hold before the look began, and the first look that sees it shows that it
 * held by the end of that look.
 *
 * @param notBefore it did not hold until at least this long after the start (0 when the first look
 *     saw it): the start of the last look that did not see it
 * @param by it held this long after the start at the latest: the end of the first look that saw it
 * @param looks how many looks it took
 */
record Sighting(Duration notBefore, Duration by, int looks) {

  /** Waits between two looks. */
  interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  /**
   * Looks at {@code seen} until it holds, pausing {@code every} after each look that does not see
   * it; empty when {@code timeout} after {@code start} has passed or {@code alive} turns false.
   *
   * @param clock nanoseconds, as {@link System#nanoTime()}
   * @param start when the thing watched for was set off, on {@code clock}
   * @param lookTimes each look's length is added to it
   */
  static Optional<Sighting> watch(
      LongSupplier clock,
      Pause pause,
      long start,
      BooleanSupplier seen,
      Duration every,
      Duration timeout,
      BooleanSupplier alive,
      List<Duration> lookTimes)
      throws InterruptedException {
    long notBefore = 0;
    int looks = 0;
    while (true) {
      long began = clock.getAsLong();
      boolean holds = seen.getAsBoolean();
      long ended = clock.getAsLong();
      looks++;
      lookTimes.add(Duration.ofNanos(ended - began));
      if (holds) {
        return Optional.of(
            new Sighting(Duration.ofNanos(notBefore), Duration.ofNanos(ended - start), looks));
      }
      notBefore = Math.max(0, began - start);
      if (ended - start > timeout.toNanos() || !alive.getAsBoolean()) {
        return Optional.empty();
      }
      pause.pause(every);
    }
  }
}
