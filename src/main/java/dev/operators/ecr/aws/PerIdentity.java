package dev.operators.ecr.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One of something per AWS identity (a port, a sync), built on first use and handed out the same
 * after that, so that what it keeps (caches, batches, the rate limit) is the identity's own.
 *
 * @param <T> what is kept per identity
 */
public final class PerIdentity<T> {
  private final Function<AwsIdentity, T> build;
  private final Map<AwsIdentity, T> built = new ConcurrentHashMap<>();

  public PerIdentity(Function<AwsIdentity, T> build) {
    this.build = build;
  }

  /** The one of {@code identity}. */
  public T of(AwsIdentity identity) {
    return built.computeIfAbsent(identity, build);
  }

  /** Those built so far. */
  public Iterable<T> built() {
    return built.values();
  }
}
