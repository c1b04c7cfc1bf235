package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.canonical;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.referencing;
import static dev.operators.ecr.operator.Specs.repository;
import static dev.operators.ecr.operator.Specs.sharedPolicy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.LifecyclePolicyRef;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention defined once: EcrLifecyclePolicy referenced by name, edited, deleted. */
class SharedPolicyOperatorTest {
  // No periodic recheck within a test: only the events of the shared policies reach the users.
  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create().resync(java.time.Duration.ofHours(1));

  static Resource<EcrLifecyclePolicy> policy(String name) {
    return env.client.resources(EcrLifecyclePolicy.class).withName(name);
  }

  static EcrLifecyclePolicy awaitPolicy(String name, Predicate<EcrLifecyclePolicy> condition) {
    EcrLifecyclePolicy[] seen = new EcrLifecyclePolicy[1];
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              seen[0] = policy(name).get();
              return seen[0] != null && seen[0].getStatus() != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  static String ecrText(String repository) {
    return env.ecr.repository(REGION, repository).orElseThrow().lifecyclePolicyText();
  }

  @Test
  void aReferenceResolvesAndThePolicyCountsItsUsers() {
    env.client.resource(sharedPolicy("keep-one", 1, false)).create();
    env.client.resource(referencing("ref", "api", "keep-one")).create();

    EcrRepository ready = env.awaitReady("ref", "api");

    var applied = ready.getStatus().getLifecyclePolicy();
    assertEquals("ref", applied.getSource());
    assertEquals("keep-one", applied.getName());
    assertEquals(canonical(ecrText("ref/api")).digest(), applied.getDigest());
    EcrLifecyclePolicy counted =
        awaitPolicy("keep-one", p -> Long.valueOf(1).equals(p.getStatus().getRepositoriesInSync()));
    assertEquals(applied.getDigest(), counted.getStatus().getDigest());
    assertEquals(applied.getVersion(), counted.getStatus().getVersion());
    assertEquals(1L, counted.getStatus().getRepositories());
    assertEquals(
        "True", Conditions.find(counted.getStatus().getConditions(), Conditions.READY).getStatus());
  }

  @Test
  void aMissingPolicyLeavesEcrAloneUntilItAppears() {
    env.client.resource(repository("missing", "api", keepUntagged(3))).create();
    String before = env.awaitReady("missing", "api").getStatus().getLifecyclePolicy().getDigest();
    env.resource("missing", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(null);
              r.getSpec().setLifecyclePolicyRef(new LifecyclePolicyRef("not-yet"));
              return r;
            });

    EcrRepository waiting =
        env.await(
            "missing", "api", r -> isCondition(r, Conditions.READY, "False", "PolicyNotFound"));
    assertTrue(condition(waiting, Conditions.READY).getMessage().contains("not-yet"));
    assertEquals(before, canonical(ecrText("missing/api")).digest(), "ECR's policy is untouched");

    env.client.resource(sharedPolicy("not-yet", 1, false)).create();

    EcrRepository ready = env.awaitReady("missing", "api");
    assertEquals("not-yet", ready.getStatus().getLifecyclePolicy().getName());
    assertEquals(
        ready.getStatus().getLifecyclePolicy().getDigest(),
        canonical(ecrText("missing/api")).digest());
  }

  @Test
  void editingAPolicyUpdatesEveryUserAndOnlyThem() {
    env.client.resource(sharedPolicy("team-wide", 1, false)).create();
    env.client.resource(sharedPolicy("unrelated", 1, false)).create();
    env.client.resource(referencing("fan-a", "api", "team-wide")).create();
    env.client.resource(referencing("fan-b", "api", "team-wide")).create();
    env.client.resource(referencing("fan-c", "api", "unrelated")).create();
    env.client.resource(repository("fan-d", "api", keepUntagged(1))).create();
    for (String ns : new String[] {"fan-a", "fan-b", "fan-c", "fan-d"}) {
      env.awaitReady(ns, "api");
    }
    String untouchedC = ecrText("fan-c/api");
    String untouchedD = ecrText("fan-d/api");
    long puts = env.ecr.callCount("PutLifecyclePolicy");

    policy("team-wide")
        .edit(
            p -> {
              p.setSpec(keepUntagged(5));
              return p;
            });

    EcrLifecyclePolicy edited =
        awaitPolicy(
            "team-wide",
            p ->
                p.getMetadata().getGeneration().equals(p.getStatus().getObservedGeneration())
                    && Long.valueOf(2).equals(p.getStatus().getRepositoriesInSync()));
    for (String ns : new String[] {"fan-a", "fan-b"}) {
      EcrRepository user =
          env.await(
              ns,
              "api",
              r ->
                  edited
                      .getStatus()
                      .getDigest()
                      .equals(r.getStatus().getLifecyclePolicy().getDigest()));
      assertEquals(
          edited.getStatus().getVersion(), user.getStatus().getLifecyclePolicy().getVersion());
      assertTrue(ecrText(ns + "/api").contains("\"countNumber\":5"));
    }
    assertEquals(untouchedC, ecrText("fan-c/api"));
    assertEquals(untouchedD, ecrText("fan-d/api"));
    assertEquals(puts + 2, env.ecr.callCount("PutLifecyclePolicy"), "only the two users");
  }

  @Test
  void aReferencedPolicyIsNotDeletedUnderItsUsers() {
    env.client.resource(sharedPolicy("in-use", 1, false)).create();
    env.client.resource(referencing("keeper", "api", "in-use")).create();
    env.awaitReady("keeper", "api");

    policy("in-use").delete();

    EcrLifecyclePolicy blocked =
        awaitPolicy(
            "in-use",
            p -> {
              var ready = Conditions.find(p.getStatus().getConditions(), Conditions.READY);
              return ready != null && "InUse".equals(ready.getReason());
            });
    String message =
        Conditions.find(blocked.getStatus().getConditions(), Conditions.READY).getMessage();
    assertTrue(message.contains("keeper/api"), message);
    assertTrue(
        env.client.v1().events().inNamespace("default").list().getItems().stream()
            .anyMatch(
                e ->
                    "in-use".equals(e.getInvolvedObject().getName())
                        && "DeletionBlocked".equals(e.getReason())));
    assertTrue(env.awaitReady("keeper", "api").getStatus().getLifecyclePolicy() != null);

    env.resource("keeper", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicyRef(null);
              r.getSpec().setLifecyclePolicy(keepUntagged(1));
              return r;
            });

    await().atMost(OperatorEnvironment.DEADLINE).until(() -> policy("in-use").get() == null);
    assertEquals(
        "inline", env.awaitReady("keeper", "api").getStatus().getLifecyclePolicy().getSource());
  }

  @Test
  void anInvalidSharedPolicyIsReportedOnItAndOnItsUsers() {
    EcrLifecyclePolicy broken = sharedPolicy("broken", 1, false);
    broken.getSpec().getRules().get(0).getSelection().setCountType("sinceImagePushed");
    env.client.resource(broken).create();
    env.client.resource(referencing("broken-user", "api", "broken")).create();

    awaitPolicy(
        "broken",
        p -> {
          var ready = Conditions.find(p.getStatus().getConditions(), Conditions.READY);
          return ready != null && "InvalidSpec".equals(ready.getReason());
        });
    EcrRepository user =
        env.await(
            "broken-user", "api", r -> isCondition(r, Conditions.STALLED, "True", "PolicyInvalid"));
    assertTrue(condition(user, Conditions.READY).getMessage().contains("countUnit"));
    assertFalse(env.ecr.repository(REGION, "broken-user/api").isPresent());
  }
}
