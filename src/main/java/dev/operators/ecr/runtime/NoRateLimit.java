package dev.operators.ecr.runtime;

import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import java.time.Duration;
import java.util.Optional;

/**
 * No rate limit on a controller's reconciles, as JOSDK's default, without its cost: JOSDK's default
 * limiter is a deactivated {@code LinearRateLimiter} that never limits yet gives every resource a
 * state of its own (a counter and a {@code LocalDateTime}, about 100 bytes), kept for as long as
 * the resource exists. Here every resource shares one state that holds nothing. The repositories'
 * controller needs no limit of its own: ECR calls are paced by the client-side limit of the ECR
 * port, and retries by the controller's retry (docs/design.md, "What a repository costs in
 * memory").
 */
final class NoRateLimit implements RateLimiter<RateLimiter.RateLimitState> {
  /** The state every resource shares: there is nothing to count. */
  static final RateLimitState NONE = new RateLimitState() {};

  @Override
  public Optional<Duration> isLimited(RateLimitState state) {
    return Optional.empty();
  }

  @Override
  public RateLimitState initState() {
    return NONE;
  }
}
