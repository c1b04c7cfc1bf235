package dev.operators.ecr.runtime;

import static dev.operators.ecr.runtime.RuntimeFixtures.DEADLINE;
import static dev.operators.ecr.runtime.RuntimeFixtures.REGION;
import static dev.operators.ecr.runtime.RuntimeFixtures.awaitReady;
import static dev.operators.ecr.runtime.RuntimeFixtures.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.runtime.health.Readiness;
import dev.operators.ecr.runtime.metrics.OperatorMetrics;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes on one API server and one ECR, each with its own Kubernetes client, ECR
 * client and metrics: only the holder of the Lease reconciles, and a standby takes over.
 */
class LeaderElectionTest {
  private static final String NAMESPACE = "default";

  // Short timings so that a takeover after an expired lease fits in a test.
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(250);

  private LeaseApiServer api;
  private EcrEmulator ecr;
  private KubernetesClient user;
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  @BeforeEach
  void start() {
    api = LeaseApiServer.start();
    ecr = new EcrEmulator().start();
    user = api.newClient();
  }

  @AfterEach
  void stop() throws Exception {
    while (!toClose.isEmpty()) {
      toClose.pop().close();
    }
    user.close();
    ecr.close();
    api.close();
  }

  private EcrOperator candidate(String identity, Runnable onLost) {
    KubernetesClient client = api.newClient();
    SdkEcrPort port = EmulatorClients.port(ecr);
    toClose.push(client);
    toClose.push(port);
    OperatorSettings settings =
        RuntimeFixtures.settings()
            .leaderElection(
                LeaderElectionSettings.of(NAMESPACE, identity).withTimings(LEASE, RENEW, RETRY))
            .build();
    EcrOperator operator = EcrOperator.create(client, port, settings, Clock.systemUTC(), onLost);
    toClose.push(operator);
    return operator.start();
  }

  private static double sum(OperatorMetrics metrics, String name) {
    return metrics.registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double ecrCalls(EcrOperator operator) {
    return sum(operator.metrics(), OperatorMetrics.ECR_CALLS);
  }

  private static double reconciles(EcrOperator operator) {
    return sum(operator.metrics(), "operator.sdk.reconciliations.started");
  }

  private Lease lease() {
    return user.resources(Lease.class)
        .inNamespace(NAMESPACE)
        .withName(LeaderElectionSettings.DEFAULT_LEASE_NAME)
        .get();
  }

  @Test
  void onlyTheLeaderReconcilesAndAStandbyTakesOverWhenItStops() {
    AtomicInteger lost = new AtomicInteger();
    EcrOperator a = candidate("operator-a", lost::incrementAndGet);
    Awaitility.await().atMost(DEADLINE).until(a::leading);
    EcrOperator b = candidate("operator-b", lost::incrementAndGet);

    for (int i = 0; i < 3; i++) {
      user.resource(repository(NAMESPACE, "app-" + i)).create();
    }
    for (int i = 0; i < 3; i++) {
      awaitReady(user, NAMESPACE, "app-" + i);
    }
    // Two resyncs more (the leader reconciled each resource twice again), so that the standby had
    // every chance to reconcile if it were going to.
    double reconciled = reconciles(a);
    Awaitility.await().atMost(DEADLINE).until(() -> reconciles(a) >= reconciled + 6);

    assertTrue(reconciles(a) >= 3, "the leader reconciled each resource");
    assertTrue(ecrCalls(a) > 0);
    assertEquals(0, reconciles(b), "the standby reconciled nothing");
    assertEquals(0, ecrCalls(b), "the standby called ECR");
    assertFalse(b.leading());
    assertEquals("operator-a", lease().getSpec().getHolderIdentity());
    // Both are ready: the standby's caches are synced, so it can take over at once.
    Readiness standby = b.readiness();
    assertTrue(standby.ready(), standby.report());
    assertTrue(standby.checks().contains("leader: no, standing by"), standby.report());
    assertTrue(a.readiness().checks().contains("leader: yes"), a.readiness().report());
    // The leader gauge names the Lease, so that instances sharing a scrape job are told apart.
    for (EcrOperator candidate : List.of(a, b)) {
      Gauge gauge = candidate.metrics().registry().get(OperatorMetrics.LEADER).gauge();
      assertEquals(LeaderElectionSettings.DEFAULT_LEASE_NAME, gauge.getId().getTag("lease"));
      assertEquals(candidate == a ? 1.0 : 0.0, gauge.value());
    }

    // The leader stops: it gives the lease up, the standby takes it and reconciles what is new.
    a.close();
    Awaitility.await().atMost(DEADLINE).until(b::leading);
    assertEquals("operator-b", lease().getSpec().getHolderIdentity());
    user.resource(repository(NAMESPACE, "after-takeover")).create();
    awaitReady(user, NAMESPACE, "after-takeover");
    assertTrue(ecr.repository(REGION, NAMESPACE + "/after-takeover").isPresent());
    assertTrue(reconciles(b) > 0);
    assertTrue(ecrCalls(b) > 0);
    assertEquals(0, lost.get(), "stopping on purpose is not losing the lease");
  }

  @Test
  void aLeaderWhoseLeaseIsTakenStopsReconciling() {
    AtomicInteger lost = new AtomicInteger();
    EcrOperator a = candidate("operator-a", lost::incrementAndGet);
    Awaitility.await().atMost(DEADLINE).until(a::leading);

    // Another process takes the lease (as after a network partition longer than the lease). The
    // leader renews it meanwhile: a write made between our read and our update is a conflict,
    // and the take-over is tried again on the lease as it is then.
    Awaitility.await()
        .atMost(DEADLINE)
        .ignoreException(KubernetesClientException.class)
        .until(
            () -> {
              Lease lease = lease();
              ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
              lease.getSpec().setHolderIdentity("intruder");
              lease.getSpec().setRenewTime(now.plusMinutes(5));
              lease.getSpec().setAcquireTime(now);
              user.resource(lease).update();
              return true;
            });

    Awaitility.await().atMost(DEADLINE).until(() -> lost.get() == 1);
    assertFalse(a.leading());
    assertEquals(0, a.metrics().registry().get(OperatorMetrics.LEADER).gauge().value());
  }
}
