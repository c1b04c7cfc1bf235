package dev.operators.ecr.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;

/**
 * When each resource is next rechecked against ECR. Every resource has its own point in the resync
 * period, taken from its UID, and is rechecked when the clock next reaches that point, but never
 * sooner than a tenth of a period after it was last reconciled. Resyncs are thus spread evenly over
 * the period, whatever brought resources into step (a restart, a new leader, many created at once):
 * a resource checked on time waits exactly one period; one checked off its point (for an event, at
 * a restart) waits between a tenth of a period and 1.1 periods.
 */
public final class ResyncSchedule {
  /** The shortest wait, and so how late a check may come, as a share of the period. */
  private static final int MIN_DELAY_DIVISOR = 10;

  private final long periodMillis;
  private final long minDelayMillis;

  public ResyncSchedule(Duration period) {
    this.periodMillis = Math.max(1, period.toMillis());
    this.minDelayMillis = periodMillis / MIN_DELAY_DIVISOR;
  }

  /** How long from {@code now} until the resource is next due: [period / 10, 1.1 period). */
  public Duration untilNext(HasMetadata resource, Instant now) {
    long point = Math.floorMod(hash(key(resource)), periodMillis);
    long untilPoint = periodMillis - Math.floorMod(now.toEpochMilli() - point, periodMillis);
    return Duration.ofMillis(untilPoint < minDelayMillis ? untilPoint + periodMillis : untilPoint);
  }

  /**
   * JOSDK's maximum reconciliation interval, for a reconcile that schedules no recheck itself:
   * above the longest delay given here, so that it never fires for all resources in step.
   */
  public Duration backstop() {
    return Duration.ofMillis(periodMillis + 2 * Math.max(1, minDelayMillis));
  }

  private static String key(HasMetadata resource) {
    var metadata = resource.getMetadata();
    return metadata.getUid() != null ? metadata.getUid() : ResourceId.of(resource);
  }

  // A 64-bit string hash through MurmurHash3's finaliser, so that similar keys land far apart.
  static long hash(String key) {
    long h = 1125899906842597L;
    for (int i = 0; i < key.length(); i++) {
      h = 31 * h + key.charAt(i);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
