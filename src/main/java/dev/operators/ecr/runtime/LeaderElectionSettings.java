package dev.operators.ecr.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Leader election through a {@code coordination.k8s.io} Lease: of all the processes given the same
 * lease, only the one holding it reconciles; the others keep their caches warm and stand by.
 *
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; null for the namespace of the Kubernetes client
 * @param identity this process's name in the Lease; unique among the candidates
 * @param leaseDuration how long a lease not renewed blocks the others
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
 * @param retryPeriod how often candidates try to acquire, and the leader to renew
 */
public record LeaderElectionSettings(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static final String DEFAULT_LEASE_NAME = "ecr-operator-leader";

  // client-go's and JOSDK's defaults.
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

  /** Where a pod finds its own namespace. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public LeaderElectionSettings {
    if (leaseName == null || leaseName.isBlank()) {
      throw new IllegalArgumentException("the leader election lease name must not be empty");
    }
    if (leaseNamespace != null && leaseNamespace.isBlank()) {
      leaseNamespace = null;
    }
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("the leader election identity must not be empty");
    }
    positive("the lease duration", leaseDuration);
    positive("the renew deadline", renewDeadline);
    positive("the retry period", retryPeriod);
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("the renew deadline must be shorter than the lease");
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "the retry period must be shorter than the renew deadline");
    }
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  /** The default lease and timings for a candidate named {@code identity}. */
  public static LeaderElectionSettings of(String leaseNamespace, String identity) {
    return new LeaderElectionSettings(
        DEFAULT_LEASE_NAME,
        leaseNamespace,
        identity,
        DEFAULT_LEASE_DURATION,
        DEFAULT_RENEW_DEADLINE,
        DEFAULT_RETRY_PERIOD);
  }

  public LeaderElectionSettings withLeaseName(String name) {
    return new LeaderElectionSettings(
        name, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  public LeaderElectionSettings withTimings(Duration lease, Duration renew, Duration retry) {
    return new LeaderElectionSettings(leaseName, leaseNamespace, identity, lease, renew, retry);
  }

  /**
   * The namespace of the pod this process runs in: {@code POD_NAMESPACE} (downward API), else the
   * service account's namespace file; empty outside a pod.
   */
  public static Optional<String> podNamespace(
      Function<String, String> environment, Path serviceAccountNamespace) {
    String fromEnvironment = environment.apply("POD_NAMESPACE");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(fromEnvironment.trim());
    }
    try {
      if (Files.isReadable(serviceAccountNamespace)) {
        String fromFile = Files.readString(serviceAccountNamespace).trim();
        return fromFile.isEmpty() ? Optional.empty() : Optional.of(fromFile);
      }
    } catch (IOException e) {
      // Not in a pod, or no token mounted: the caller falls back.
    }
    return Optional.empty();
  }

  /**
   * A candidate's identity: the pod's name ({@code POD_NAME}, else {@code HOSTNAME}, which is the
   * pod's name in Kubernetes), else the host's name, followed by a random suffix so that two
   * processes on one host are never taken for one.
   */
  public static String candidateIdentity(Function<String, String> environment) {
    String name = environment.apply("POD_NAME");
    if (name == null || name.isBlank()) {
      name = environment.apply("HOSTNAME");
    }
    if (name == null || name.isBlank()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = "ecr-operator";
      }
    }
    return name.trim() + "_" + UUID.randomUUID().toString().substring(0, 8);
  }
}
