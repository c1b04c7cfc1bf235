package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.canonical;
import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.ref;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kubernetes API going away and coming back: the operator recovers without a restart. */
class KubernetesFaultsOperatorTest {
  // The informers reconnect with a backoff of their own; give them room.
  private static final Duration RECOVERY = Duration.ofSeconds(90);
  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  @Test
  void anApiServerOutageIsRiddenOutWithoutDuplicateEcrWrites() {
    env.client.resource(repository("outage", "api", keepUntagged(1))).create();
    String digest = env.awaitReady("outage", "api").getStatus().getLifecyclePolicy().getDigest();

    env.api.stop();
    try {
      // ECR drifts while Kubernetes is away: the operator still works from its cache.
      env.port.deleteLifecyclePolicy(ref("outage/api"));
      await()
          .atMost(RECOVERY)
          .until(
              () ->
                  env.ecr.repository(REGION, "outage/api").orElseThrow().lifecyclePolicyText()
                      != null);
      long puts = env.ecr.callCount("PutLifecyclePolicy");
      long reads = env.ecr.callCount("GetLifecyclePolicy");
      // Its status writes fail and are retried: another pass over ECR, now in sync, writes
      // nothing again.
      await().atMost(RECOVERY).until(() -> env.ecr.callCount("GetLifecyclePolicy") >= reads + 1);
      assertEquals(puts, env.ecr.callCount("PutLifecyclePolicy"), "no duplicate write");
    } finally {
      env.api.restart();
    }

    // Back: a resource created now is reconciled by the same operator process.
    env.client.resource(repository("outage", "next", keepUntagged(2))).create();
    await()
        .atMost(RECOVERY)
        .until(
            () ->
                env.get("outage", "next") != null
                    && OperatorEnvironment.isCondition(
                        env.get("outage", "next"), "Ready", "True", null));
    assertEquals(
        digest,
        canonical(env.ecr.repository(REGION, "outage/api").orElseThrow().lifecyclePolicyText())
            .digest());
    assertEquals(
        1,
        env.ecr.repositories(REGION).stream().filter(r -> r.name().equals("outage/api")).count());
  }
}
