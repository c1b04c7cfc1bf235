package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: failover for real. Two operator processes elect a leader through a Lease on a real
 * kube-apiserver; the leader is killed with SIGKILL (it releases nothing), a change is made while
 * no one leads, and the other process takes over once the lease expires and reconciles it.
 */
class FailoverKubeIT {
  private static final String NAMESPACE = "it-failover";
  private static final String REGION = "eu-west-1";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String STANDBY_LOG_LINE = "leader";

  @Test
  void theStandbyTakesOverAfterTheLeaseExpiresAndReconcilesTheGap() throws Exception {
    RealKubernetes kube = RealKubernetes.shared();
    Kubectl kubectl = kube.kubectl("admin");
    KubeFixtures.installOperatorPrerequisites(kubectl);
    KubeFixtures.namespace(kubectl, NAMESPACE);
    OperatorJvm first = null;
    OperatorJvm second = null;
    try (KubernetesClient admin = kube.client("admin");
        EcrEmulator ecr = new EcrEmulator().start()) {
      first =
          KubeFixtures.startOperator(
              kube, ecr.endpoint(), "failover-a", Map.of("POD_NAME", "operator-a"), List.of());
      awaitHolder(admin, "operator-a");
      admin.resource(KubeFixtures.repository(NAMESPACE, "api", "Delete", 1)).serverSideApply();
      awaitPolicy(ecr, "api", 1);

      second =
          KubeFixtures.startOperator(
              kube, ecr.endpoint(), "failover-b", Map.of("POD_NAME", "operator-b"), List.of());
      // The standby is up and trying for the lease before the leader goes.
      Path standbyLog = second.log();
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> KubeFixtures.logContains(standbyLog, STANDBY_LOG_LINE));

      first.kill();
      Instant killed = Instant.now();
      // During the gap: a change and a new resource, which only a leader may act on.
      admin.resource(KubeFixtures.repository(NAMESPACE, "api", "Delete", 4)).serverSideApply();
      admin.resource(KubeFixtures.repository(NAMESPACE, "web", "Delete", 2)).serverSideApply();

      Lease lease = awaitHolder(admin, "operator-b");
      Instant tookOver = Instant.now();
      awaitPolicy(ecr, "api", 4);
      awaitPolicy(ecr, "web", 2);
      awaitReady(admin, "web");
      Instant reconciled = Instant.now();
      Duration takeover = Duration.between(killed, tookOver);
      System.out.printf(
          "failover: leader SIGKILLed; the standby held the lease after %.1f s (lease duration"
              + " %d s), and reconciled the changes made in the gap %.1f s after the kill%n",
          takeover.toMillis() / 1000.0,
          lease.getSpec().getLeaseDurationSeconds(),
          Duration.between(killed, reconciled).toMillis() / 1000.0);
      assertTrue(second.isAlive(), "the new leader is running; log: " + second.log());
      assertTrue(
          lease.getSpec().getLeaseTransitions() != null
              && lease.getSpec().getLeaseTransitions() >= 1,
          "the lease changed hands: " + Serialization.asYaml(lease));
    } finally {
      for (OperatorJvm operator : new OperatorJvm[] {first, second}) {
        if (operator != null) {
          operator.stop();
        }
      }
    }
  }

  private static Lease awaitHolder(KubernetesClient admin, String podName) {
    return Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> admin.leases().inNamespace("ecr-operator").withName("ecr-operator-leader").get(),
            l ->
                l != null
                    && l.getSpec().getHolderIdentity() != null
                    && l.getSpec().getHolderIdentity().startsWith(podName));
  }

  private static void awaitPolicy(EcrEmulator ecr, String name, int keep) {
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                Optional.ofNullable(
                        ecr.repository(REGION, NAMESPACE + "/" + name)
                            .map(RepositorySnapshot::lifecyclePolicyText)
                            .orElse(null))
                    .orElse("")
                    .contains("\"countNumber\":" + keep));
  }

  private static void awaitReady(KubernetesClient admin, String name) {
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(EcrRepository.class).inNamespace(NAMESPACE).withName(name).get(),
            r -> r != null && KubeFixtures.has(r, Conditions.READY, "True"));
  }
}
