package dev.operators.ecr.runtime.health;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether ECR can be used, judged from the calls the operator makes anyway: a probe never calls
 * ECR. A region is unusable when, since its last answered call, calls have failed for want of
 * permission or credentials, or because ECR could not be reached. Any answer from ECR, an error
 * such as throttling or a missing repository included, shows that ECR is reachable and accepts the
 * operator's identity. A region nothing was asked of yet counts as usable.
 */
public final class EcrHealth {
  private record Failure(long sequence, Instant at, String operation, String what) {}

  private record RegionState(long lastAnswered, Failure lastUnusable) {}

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, RegionState> regions = new ConcurrentHashMap<>();

  public EcrHealth(Clock clock) {
    this.clock = clock;
  }

  /** ECR answered a call in {@code region}, successfully or with an error of its domain. */
  public void answered(String region) {
    long now = sequence.incrementAndGet();
    regions.merge(
        key(region),
        new RegionState(now, null),
        (old, fresh) -> new RegionState(Math.max(old.lastAnswered(), now), old.lastUnusable()));
  }

  /** A call in {@code region} failed; only failures that say ECR is unusable count as such. */
  public void failed(String region, EcrException e) {
    if (!makesUnusable(e)) {
      answered(region);
      return;
    }
    String what = e.kind() + (e.awsCode() == null ? "" : " (" + e.awsCode() + ")");
    Failure failure = new Failure(sequence.incrementAndGet(), clock.instant(), e.operation(), what);
    regions.merge(
        key(region),
        new RegionState(0, failure),
        (old, fresh) ->
            old.lastUnusable() != null && old.lastUnusable().sequence() > failure.sequence()
                ? old
                : new RegionState(old.lastAnswered(), failure));
  }

  /**
   * Denied (no permission, bad or expired credentials), or no answer at all: a network failure or
   * credentials that could not be loaded, which the port reports as UNKNOWN with no AWS code.
   */
  static boolean makesUnusable(EcrException e) {
    return e.kind() == EcrErrorKind.ACCESS_DENIED
        || (e.kind() == EcrErrorKind.UNKNOWN && e.awsCode() == null);
  }

  /** Why ECR cannot be used now, region by region; empty when it can. */
  public Optional<String> problem() {
    Map<String, String> unusable = new TreeMap<>();
    Instant now = clock.instant();
    regions.forEach(
        (region, state) -> {
          Failure f = state.lastUnusable();
          if (f != null && f.sequence() > state.lastAnswered()) {
            long ago = Math.max(0, Duration.between(f.at(), now).toSeconds());
            unusable.put(region, f.operation() + " failed with " + f.what() + " " + ago + "s ago");
          }
        });
    if (unusable.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("ECR unusable");
    unusable.forEach((region, why) -> text.append("; ").append(region).append(": ").append(why));
    return Optional.of(text.toString());
  }

  private static String key(String region) {
    return region == null ? "(no region)" : region;
  }
}
