package dev.operators.ecr.aws;

import java.util.function.Supplier;

/**
 * An {@link EcrPort} whose every call first waits for its region's rate limit. A call takes one
 * turn however many names (describeRepositories) or pages (countImages) it carries: the latter is
 * rare, made only when a policy changes.
 */
public final class RateLimitedEcrPort extends EcrPort.Forwarding {
  private final CallRateLimiter limiter;

  public RateLimitedEcrPort(EcrPort ecr, CallRateLimiter limiter) {
    super(ecr);
    this.limiter = limiter;
  }

  @Override
  protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
    limiter.acquire(region);
    return call.get();
  }
}
