package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.canonical;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static dev.operators.ecr.operator.Specs.sharedPolicy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster default: applied to repositories that declare nothing, retracted, contested. */
class DefaultPolicyOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env = OperatorEnvironment.create().resync(Duration.ofHours(1));

  private static String ecrText(String repository) {
    return env.ecr.repository(REGION, repository).orElseThrow().lifecyclePolicyText();
  }

  private static boolean policyReason(String name, String reason) {
    EcrLifecyclePolicy p = env.client.resources(EcrLifecyclePolicy.class).withName(name).get();
    var ready =
        p == null || p.getStatus() == null
            ? null
            : Conditions.find(p.getStatus().getConditions(), Conditions.READY);
    return ready != null && reason.equals(ready.getReason());
  }

  @Test
  void theDefaultAppliesToRepositoriesDeclaringNothingIsContestedAndRetracts() {
    env.client.resource(repository("plain", "api", null)).create();
    env.client.resource(repository("own", "api", keepUntagged(7))).create();
    env.awaitReady("plain", "api");
    String own = env.awaitReady("own", "api").getStatus().getLifecyclePolicy().getDigest();
    assertNull(ecrText("plain/api"));

    // A default appears: the repository that declares nothing takes it, the other keeps its own.
    env.client.resource(sharedPolicy("org-default", 1, true)).create();
    EcrRepository defaulted =
        env.await(
            "plain",
            "api",
            r ->
                r.getStatus().getLifecyclePolicy() != null
                    && isCondition(r, Conditions.READY, "True", null));
    assertEquals("default", defaulted.getStatus().getLifecyclePolicy().getSource());
    assertEquals("org-default", defaulted.getStatus().getLifecyclePolicy().getName());
    assertEquals(
        defaulted.getStatus().getLifecyclePolicy().getDigest(),
        canonical(ecrText("plain/api")).digest());
    assertEquals(own, canonical(ecrText("own/api")).digest());

    // A second default: both policies report the conflict; ECR keeps what it has.
    env.client.resource(sharedPolicy("second-default", 3, true)).create();
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () ->
                policyReason("org-default", "DefaultPolicyConflict")
                    && policyReason("second-default", "DefaultPolicyConflict"));
    env.await(
        "plain", "api", r -> isCondition(r, Conditions.STALLED, "True", "DefaultPolicyConflict"));
    assertEquals(
        defaulted.getStatus().getLifecyclePolicy().getDigest(),
        canonical(ecrText("plain/api")).digest());

    // The second one stops being a default: the conflict clears.
    env.client
        .resources(EcrLifecyclePolicy.class)
        .withName("second-default")
        .edit(
            p -> {
              p.getMetadata().getAnnotations().remove(EcrLifecyclePolicy.DEFAULT_ANNOTATION);
              return p;
            });
    await().atMost(OperatorEnvironment.DEADLINE).until(() -> policyReason("org-default", "Synced"));
    env.awaitReady("plain", "api");

    // The default goes: the policy it gave is removed again; the repository's own stays.
    env.client.resources(EcrLifecyclePolicy.class).withName("org-default").delete();
    EcrRepository retracted =
        env.await(
            "plain",
            "api",
            r ->
                r.getStatus().getLifecyclePolicy() == null
                    && isCondition(r, Conditions.READY, "True", null));
    assertNull(ecrText("plain/api"));
    assertTrue(retracted.getStatus().getConditions().size() >= 1);
    assertEquals(own, canonical(ecrText("own/api")).digest());
  }
}
