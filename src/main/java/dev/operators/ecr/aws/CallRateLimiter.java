package dev.operators.ecr.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per region: at most {@code rate} calls per second on average, with bursts of up to
 * one second's worth. Callers wait for their turn; none is refused.
 */
public final class CallRateLimiter {

  /** Waits; in production {@link Thread#sleep}, in tests a recorder. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final double rate;
  private final double burst;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** A limiter on the system clock. */
  public CallRateLimiter(double callsPerSecond) {
    this(callsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public CallRateLimiter(double callsPerSecond, LongSupplier clock, Sleeper sleeper) {
    if (!(callsPerSecond > 0)) {
      throw new IllegalArgumentException("calls per second must be positive: " + callsPerSecond);
    }
    this.rate = callsPerSecond;
    this.burst = Math.max(1, callsPerSecond);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Blocks until a call to {@code region} may go. */
  public void acquire(String region) {
    long wait = buckets.computeIfAbsent(region, r -> new Bucket(clock.getAsLong())).reserve();
    if (wait > 0) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EcrException(
            EcrErrorKind.UNKNOWN, "RateLimit", null, "interrupted while waiting to call ECR", e);
      }
    }
  }

  /** Tokens may go negative: each caller reserves its slot and waits until that slot comes. */
  private final class Bucket {
    private double tokens = burst;
    private long last;

    Bucket(long now) {
      this.last = now;
    }

    synchronized long reserve() {
      long now = clock.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * 1e9);
    }
  }
}
