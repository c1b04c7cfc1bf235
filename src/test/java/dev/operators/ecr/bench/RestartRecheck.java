package dev.operators.ecr.bench;

import dev.operators.ecr.process.EmulatorSideDoor.Calls;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Follows a restarted operator's first pass over N repositories in sync through the emulator's
 * counts, reset just before it started: when its first ECR call came, when every repository had
 * been rechecked, and the calls made until then.
 *
 * <p>Every pass over a repository in sync reads its lifecycle policy, so every repository has been
 * rechecked once GetLifecyclePolicy has named N distinct repositories. The calls are taken at that
 * moment. Resyncs keep coming: each repository is due again at its own point in the period, at
 * least a tenth of a period after its recheck, so when the pass lasts longer than that,
 * repositories rechecked early are rechecked again before the last one is reached; {@link Result}
 * tells those repeats apart. Two other ways of counting get this wrong: N GetLifecyclePolicy calls
 * can come before every repository was read (repeats count among them), and waiting for the calls
 * to stop never ends, since resyncs spread evenly over the period never stop.
 */
final class RestartRecheck {
  /** The one call every pass over a repository in sync makes. */
  static final String RECHECK = "GetLifecyclePolicy";

  /**
   * @param toFirstCall from the start of the process to its first ECR call
   * @param toAllRechecked from the start of the process until every repository was rechecked
   * @param calls the calls made until then
   */
  record Result(Duration toFirstCall, Duration toAllRechecked, Calls calls) {

    /** Repositories rechecked a second time before every repository was rechecked once. */
    long repeatedRechecks() {
      return calls.calls(RECHECK) - calls.repositories(RECHECK);
    }

    /**
     * Calls of an operation beyond one per repository it named: the calls of repeated rechecks. (An
     * operation whose calls each name several repositories, as a batched DescribeRepositories does,
     * has fewer calls than repositories and counts none.)
     */
    long repeatedCalls() {
      long repeated = 0;
      for (Map.Entry<String, Long> named : calls.repositories().entrySet()) {
        repeated += Math.max(0, calls.calls(named.getKey()) - named.getValue());
      }
      return repeated;
    }
  }

  private final Supplier<Calls> counts;
  private final int repositories;
  private final Duration pollEvery;
  private volatile long rechecked;

  /**
   * @param counts the emulator's counts since they were reset, read without resetting them
   * @param repositories N
   * @param pollEvery how often the counts are read
   */
  RestartRecheck(Supplier<Calls> counts, int repositories, Duration pollEvery) {
    this.counts = counts;
    this.repositories = repositories;
    this.pollEvery = pollEvery;
  }

  /** Repositories rechecked so far, as of the last reading. */
  long rechecked() {
    return rechecked;
  }

  /**
   * Reads the counts until every repository has been rechecked; empty when {@code deadline} passes
   * or {@code alive} turns false first.
   *
   * @param start when the operator process started
   */
  Optional<Result> await(Instant start, Duration deadline, BooleanSupplier alive)
      throws InterruptedException {
    Instant firstCall = null;
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end && alive.getAsBoolean()) {
      Calls calls = counts.get();
      Instant now = Instant.now();
      if (firstCall == null && calls.total() > 0) {
        firstCall = now;
      }
      rechecked = calls.repositories(RECHECK);
      if (rechecked >= repositories) {
        return Optional.of(
            new Result(Duration.between(start, firstCall), Duration.between(start, now), calls));
      }
      Thread.sleep(pollEvery.toMillis());
    }
    return Optional.empty();
  }
}
