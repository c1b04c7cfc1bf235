package dev.operators.ecr.sandbox.emulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/** The {@link FaultPlan} in force, with its seeded random draws and its token buckets. */
final class PlannedFaults {

  /**
   * What one call gets: a delay, then a drop, a fault or neither; or, with {@code loseAnswer}, the
   * operation runs and its answer is lost.
   */
  record Draw(Duration delay, boolean drop, Fault fault, boolean loseAnswer) {
    static final Draw NONE = new Draw(Duration.ZERO, false, null, false);

    Draw(Duration delay, boolean drop, Fault fault) {
      this(delay, drop, fault, false);
    }
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LongSupplier nanoTime;
  private FaultPlan plan = FaultPlan.NONE;
  private Random random = new Random(0);
  private final Map<EcrOperation, TokenBucket> buckets = new EnumMap<>(EcrOperation.class);
  private final Map<String, Long> injected = new HashMap<>();

  PlannedFaults(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  synchronized void set(FaultPlan plan) {
    this.plan = plan;
    this.random = new Random(plan.seed());
    buckets.clear();
    long now = nanoTime.getAsLong();
    plan.rateLimits()
        .forEach(
            (operation, rate) ->
                buckets.put(EcrOperation.require(operation), new TokenBucket(rate, now)));
  }

  synchronized void clear() {
    set(FaultPlan.NONE);
  }

  /**
   * How many calls got each kind of planned fault (rate-limited, throttled, server error, dropped,
   * lost answer) since the start or the last reset; kinds never drawn are absent.
   */
  synchronized Map<String, Long> injected() {
    return new java.util.TreeMap<>(injected);
  }

  synchronized void resetInjected() {
    injected.clear();
  }

  /**
   * Draws this call's delay and outcome; a rate limit's throttling comes before the shares. Calls
   * of accounts the plan does not apply to draw nothing.
   */
  synchronized Draw draw(String account, EcrOperation operation) {
    if (!plan.appliesTo(account)) {
      return Draw.NONE;
    }
    Draw draw = drawUncounted(operation);
    String kind =
        draw.drop()
            ? "dropped"
            : draw.loseAnswer()
                ? "lostAnswer"
                : draw.fault() == null
                    ? null
                    : draw.fault().httpStatus() >= 500 ? "serverError" : "throttled";
    if (kind != null) {
      injected.merge(kind, 1L, Long::sum);
    }
    return draw;
  }

  private Draw drawUncounted(EcrOperation operation) {
    TokenBucket bucket = buckets.get(operation);
    boolean limited = bucket != null && !bucket.take(nanoTime.getAsLong());
    if (!plan.appliesTo(operation)) {
      return limited ? new Draw(Duration.ZERO, false, Fault.throttling()) : Draw.NONE;
    }
    // Always two draws per call, so that a seed gives the same sequence whatever the outcomes.
    double outcome = random.nextDouble();
    double spread = random.nextDouble() * 2 - 1;
    long latencyNanos = plan.latency().toNanos();
    long jitterNanos = plan.jitter().toNanos();
    Duration delay = Duration.ofNanos(latencyNanos + Math.round(spread * jitterNanos));
    if (limited) {
      return new Draw(delay, false, Fault.throttling());
    }
    if (outcome < plan.drops()) {
      return new Draw(delay, true, null);
    }
    if (outcome < plan.drops() + plan.throttle()) {
      return new Draw(delay, false, Fault.throttling());
    }
    if (outcome < plan.drops() + plan.throttle() + plan.serverErrors()) {
      return new Draw(delay, false, Fault.serverError());
    }
    if (outcome < plan.drops() + plan.throttle() + plan.serverErrors() + plan.lostAnswers()) {
      return new Draw(delay, false, null, true);
    }
    return new Draw(delay, false, null);
  }

  /** Holds up to {@code max(1, rate)} tokens, refilled at {@code rate} per second. */
  private static final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double rate, long now) {
      this.rate = rate;
      this.capacity = Math.max(1.0, rate);
      this.tokens = capacity;
      this.refilledAt = now;
    }

    boolean take(long now) {
      tokens = Math.min(capacity, tokens + (now - refilledAt) * rate / NANOS_PER_SECOND);
      refilledAt = now;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return true;
      }
      return false;
    }
  }
}
