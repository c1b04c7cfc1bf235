package dev.operators.ecr.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one operator process is configured.
 *
 * @param defaultRegion region for resources that name none; may be null when every resource names
 *     its own
 * @param awsEndpoint ECR endpoint override (any ECR-compatible endpoint); null for AWS itself
 * @param namespaces namespaces to watch; empty means all
 * @param resyncPeriod how often each resource is rechecked against ECR with no event
 * @param clusterName identifies this cluster in the owner tag of every repository it manages
 * @param reconcileThreads how many resources are reconciled at once
 * @param awsMaxAttempts attempts per ECR call, the first included (the AWS SDK retries the rest)
 */
public record OperatorSettings(
    String defaultRegion,
    URI awsEndpoint,
    Set<String> namespaces,
    Duration resyncPeriod,
    String clusterName,
    int reconcileThreads,
    int awsMaxAttempts) {

  public static final int DEFAULT_AWS_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);
  public static final String DEFAULT_CLUSTER_NAME = "default";
  public static final int DEFAULT_RECONCILE_THREADS = 10;

  public OperatorSettings {
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    Objects.requireNonNull(resyncPeriod, "resyncPeriod");
    if (resyncPeriod.isNegative() || resyncPeriod.isZero()) {
      throw new IllegalArgumentException("the resync period must be positive: " + resyncPeriod);
    }
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException("the cluster name must not be empty");
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcile threads must be at least 1");
    }
    if (awsMaxAttempts < 1) {
      throw new IllegalArgumentException("AWS max attempts must be at least 1");
    }
  }

  /** Settings for a region with every other value at its default. */
  public static OperatorSettings forRegion(String region) {
    return new OperatorSettings(
        region,
        null,
        Set.of(),
        DEFAULT_RESYNC,
        DEFAULT_CLUSTER_NAME,
        DEFAULT_RECONCILE_THREADS,
        DEFAULT_AWS_MAX_ATTEMPTS);
  }

  public OperatorSettings withResyncPeriod(Duration period) {
    return new OperatorSettings(
        defaultRegion,
        awsEndpoint,
        namespaces,
        period,
        clusterName,
        reconcileThreads,
        awsMaxAttempts);
  }

  public OperatorSettings withClusterName(String name) {
    return new OperatorSettings(
        defaultRegion,
        awsEndpoint,
        namespaces,
        resyncPeriod,
        name,
        reconcileThreads,
        awsMaxAttempts);
  }

  public OperatorSettings withAwsEndpoint(URI endpoint) {
    return new OperatorSettings(
        defaultRegion,
        endpoint,
        namespaces,
        resyncPeriod,
        clusterName,
        reconcileThreads,
        awsMaxAttempts);
  }
}
