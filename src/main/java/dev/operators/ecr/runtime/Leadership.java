package dev.operators.ecr.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process may reconcile. Without leader election it always may; with it, only while it
 * holds the Lease. Losing the Lease other than by stopping runs the {@code onLost} action: JOSDK
 * 5.2 does not stop reconciling when leadership is lost, so the process must go.
 */
public final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** Exits with status 1 (from a thread of its own, so the elector is not blocked on it). */
  public static final Runnable EXIT_PROCESS =
      () -> new Thread(() -> System.exit(1), "leadership-lost-exit").start();

  private final LeaderElectionSettings settings;
  private final String leaseNamespace;
  private final Runnable onLost;
  private final AtomicBoolean leading;
  private final AtomicBoolean lostHandled = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile boolean everLed;

  private Leadership(
      LeaderElectionSettings settings, String leaseNamespace, Runnable onLost, boolean leading) {
    this.settings = settings;
    this.leaseNamespace = leaseNamespace;
    this.onLost = onLost;
    this.leading = new AtomicBoolean(leading);
  }

  /** No leader election: this process always reconciles. */
  static Leadership always() {
    return new Leadership(null, null, () -> {}, true);
  }

  /** Elected through the Lease of {@code settings}, in {@code leaseNamespace}. */
  static Leadership elected(
      LeaderElectionSettings settings, String leaseNamespace, Runnable onLost) {
    return new Leadership(settings, leaseNamespace, onLost, false);
  }

  /** The name of the Lease this process is elected through; empty without leader election. */
  String lease() {
    return settings == null ? "" : settings.leaseName();
  }

  boolean electionEnabled() {
    return settings != null;
  }

  /** Whether this process reconciles now. */
  public boolean leading() {
    return leading.get();
  }

  LeaderCallbacks callbacks() {
    return new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader);
  }

  private void startedLeading() {
    everLed = true;
    leading.set(true);
    LOG.info(
        "leading as {}: lease {}/{} acquired, reconciling",
        settings.identity(),
        leaseNamespace,
        settings.leaseName());
  }

  private void stoppedLeading() {
    boolean was = leading.getAndSet(false);
    if (stopping) {
      return;
    }
    if (was && lostHandled.compareAndSet(false, true)) {
      LOG.error(
          "lost the lease {}/{} as {}: stopping, so that only the new leader reconciles",
          leaseNamespace,
          settings.leaseName(),
          settings.identity());
      onLost.run();
    }
  }

  private void newLeader(String identity) {
    if (identity != null && !identity.equals(settings.identity())) {
      LOG.info(
          "standing by: lease {}/{} held by {}", leaseNamespace, settings.leaseName(), identity);
    }
  }

  /** The process is stopping: losing the lease from now on is expected. */
  void stopping() {
    stopping = true;
  }

  /**
   * Gives the Lease up if this process still holds it, so that a standby takes over at its next try
   * rather than after the lease expires. Call once reconciling has stopped. A failure only delays
   * the takeover.
   */
  void release(KubernetesClient client) {
    if (settings == null || !everLed) {
      return;
    }
    try {
      Lease lease =
          client
              .resources(Lease.class)
              .inNamespace(leaseNamespace)
              .withName(settings.leaseName())
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      // Carries the resourceVersion read above: a lease renewed or taken meanwhile is left alone.
      client.resource(lease).update();
      LOG.info("released lease {}/{}", leaseNamespace, settings.leaseName());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not release lease {}/{}: the next leader waits for it to expire ({})",
          leaseNamespace,
          settings.leaseName(),
          e.getMessage());
    }
  }
}
