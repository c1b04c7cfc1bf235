package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.deletable;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.policy;
import static dev.operators.ecr.operator.Specs.repository;
import static dev.operators.ecr.operator.Specs.rule;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator end to end: create, update, drift, deletion and failures. */
class EcrRepositoryOperatorTest {
  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  @Test
  void createsTheRepositoryWithItsPolicyAndReportsReady() {
    env.client.resource(repository("create", "api", keepUntagged(1))).create();

    EcrRepository ready = env.awaitReady("create", "api");

    RepositorySnapshot ecr = env.ecr.repository(REGION, "create/api").orElseThrow();
    var status = ready.getStatus();
    assertEquals(ecr.arn(), status.getRepositoryArn());
    assertEquals(ecr.uri(), status.getRepositoryUri());
    assertEquals(ecr.registryId(), status.getRegistryId());
    assertEquals("create/api", status.getRepositoryName());
    assertEquals(REGION, status.getRegion());
    assertEquals("inline", status.getLifecyclePolicy().getSource());
    assertEquals(
        canonical(ecr.lifecyclePolicyText()).digest(), status.getLifecyclePolicy().getDigest());
    assertEquals("default/create/api", ecr.tags().get(Owner.TAG_KEY));
    assertTrue(isCondition(ready, Conditions.STALLED, "False", null));
    assertTrue(isCondition(ready, Conditions.RECONCILING, "False", null));
    // One Event for the creation, naming the policy applied with it.
    assertEquals(Set.of("Created"), reasons(env.events("create", "api")));
    assertTrue(
        env.events("create", "api")
            .get(0)
            .getMessage()
            .contains(status.getLifecyclePolicy().getDigest()),
        () -> env.events("create", "api").get(0).getMessage());
    assertTrue(
        env.get("create", "api").getMetadata().getFinalizers().stream()
            .anyMatch(f -> f.contains("ecr")),
        "a finalizer guards the repository");
  }

  @Test
  void aChangedPolicyIsAppliedAndTheDigestMoves() {
    env.client.resource(repository("update", "api", keepUntagged(1))).create();
    String before = env.awaitReady("update", "api").getStatus().getLifecyclePolicy().getDigest();

    env.resource("update", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(keepUntagged(3));
              return r;
            });

    EcrRepository ready = env.awaitReady("update", "api");
    assertEquals(2L, ready.getStatus().getObservedGeneration());
    String after = ready.getStatus().getLifecyclePolicy().getDigest();
    assertNotEquals(before, after);
    String text = env.ecr.repository(REGION, "update/api").orElseThrow().lifecyclePolicyText();
    assertEquals(after, canonical(text).digest());
    assertTrue(text.contains("\"countNumber\":3"), text);
  }

  @Test
  void aRepositoryInSyncCostsReadsAndNoWriteAtEveryResync() {
    env.client.resource(repository("steady", "api", keepUntagged(1))).create();
    env.awaitReady("steady", "api");
    long statusWrites = env.api.statusWrites();

    env.ecr.resetCalls();
    // Several resync periods pass: every resource in this environment is rechecked each time.
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("GetLifecyclePolicy") >= 6);

    assertEquals(0, env.ecr.writeCallCount(), "calls: " + env.ecr.calls());
    assertEquals(statusWrites, env.api.statusWrites(), "an unchanged status is not rewritten");
  }

  @Test
  void aPolicyDeletedBehindTheOperatorsBackIsRestored() {
    env.client.resource(repository("drift", "api", keepUntagged(1))).create();
    String digest = env.awaitReady("drift", "api").getStatus().getLifecyclePolicy().getDigest();

    env.port.deleteLifecyclePolicy(ref("drift/api"));

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () ->
                env.ecr.repository(REGION, "drift/api").orElseThrow().lifecyclePolicyText()
                    != null);
    String text = env.ecr.repository(REGION, "drift/api").orElseThrow().lifecyclePolicyText();
    assertEquals(digest, canonical(text).digest());
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> reasons(env.events("drift", "api")).contains("DriftCorrected"));
  }

  @Test
  void aPolicyChangedBehindTheOperatorsBackIsRestored() {
    env.client.resource(repository("drift2", "api", keepUntagged(1))).create();
    String digest = env.awaitReady("drift2", "api").getStatus().getLifecyclePolicy().getDigest();

    env.port.putLifecyclePolicy(ref("drift2/api"), keepUntaggedJson(5));

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () ->
                digest.equals(
                    canonical(
                            env.ecr
                                .repository(REGION, "drift2/api")
                                .orElseThrow()
                                .lifecyclePolicyText())
                        .digest()));
  }

  @Test
  void aPolicyEquivalentInMeaningIsNeverRewritten() {
    env.client.resource(repository("equivalent", "api", keepUntagged(1))).create();
    env.awaitReady("equivalent", "api");
    // Same meaning, other key order, whitespace and explicit defaults.
    String same =
        "{ \"rules\" : [ { \"action\": {\"type\":\"expire\"}, \"selection\": {\"countNumber\": 1,"
            + " \"countType\": \"imageCountMoreThan\", \"storageClass\": \"standard\","
            + " \"tagStatus\": \"untagged\"}, \"rulePriority\": 1 } ] }";
    env.port.putLifecyclePolicy(ref("equivalent/api"), same);
    env.ecr.resetCalls();

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("GetLifecyclePolicy") >= 6);

    assertEquals(0, env.ecr.callCount("PutLifecyclePolicy"), "calls: " + env.ecr.calls());
  }

  @Test
  void reorderingRulesOrTagsInTheSpecIsNotAChange() {
    var releases = rule(1, "tagged", List.of("v*", "release-*"), "imageCountMoreThan", null, 5);
    var untagged = rule(2, "untagged", null, "imageCountMoreThan", null, 1);
    env.client.resource(repository("reorder", "api", policy(releases, untagged))).create();
    String digest = env.awaitReady("reorder", "api").getStatus().getLifecyclePolicy().getDigest();
    env.ecr.resetCalls();

    env.resource("reorder", "api")
        .edit(
            r -> {
              var swapped = policy(untagged, releases);
              swapped
                  .getRules()
                  .get(1)
                  .getSelection()
                  .setTagPatternList(List.of("release-*", "v*"));
              r.getSpec().setLifecyclePolicy(swapped);
              return r;
            });

    EcrRepository ready = env.awaitReady("reorder", "api");
    assertEquals(2L, ready.getStatus().getObservedGeneration());
    assertEquals(digest, ready.getStatus().getLifecyclePolicy().getDigest());
    assertEquals(0, env.ecr.callCount("PutLifecyclePolicy"), "calls: " + env.ecr.calls());
  }

  @Test
  void droppingThePolicyFromTheSpecRemovesTheOneTheOperatorApplied() {
    env.client.resource(repository("drop", "api", keepUntagged(1))).create();
    env.awaitReady("drop", "api");

    env.resource("drop", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(null);
              return r;
            });

    EcrRepository ready = env.awaitReady("drop", "api");
    assertNull(ready.getStatus().getLifecyclePolicy());
    assertNull(env.ecr.repository(REGION, "drop/api").orElseThrow().lifecyclePolicyText());
    assertTrue(reasons(env.events("drop", "api")).contains("PolicyRemoved"));
  }

  @Test
  void retainLeavesTheRepositoryInEcr() {
    env.client.resource(repository("retain", "api", keepUntagged(1))).create();
    env.awaitReady("retain", "api");

    env.resource("retain", "api").delete();

    env.awaitGone("retain", "api");
    var retained = env.ecr.repository(REGION, "retain/api").orElseThrow();
    assertFalse(retained.tags().containsKey(Owner.TAG_KEY), "released: no owner tag");
    assertTrue(retained.lifecyclePolicyText() != null, "the repository is left as it was");

    // Released, it can be adopted by another resource.
    EcrRepository successor = repository("retain-next", "api", keepUntagged(2));
    successor.getSpec().setRepositoryName("retain/api");
    successor.getSpec().setAdopt(true);
    env.client.resource(successor).create();
    env.awaitReady("retain-next", "api");
    assertEquals(
        "default/retain-next/api",
        env.ecr.repository(REGION, "retain/api").orElseThrow().tags().get(Owner.TAG_KEY));
  }

  @Test
  void deleteRemovesAnEmptyRepository() {
    env.client.resource(deletable("delete", "api", keepUntagged(1), false)).create();
    env.awaitReady("delete", "api");

    env.resource("delete", "api").delete();

    env.awaitGone("delete", "api");
    assertFalse(env.ecr.repository(REGION, "delete/api").isPresent());
  }

  @Test
  void deleteRefusesARepositoryWithImagesUntilForceDeleteIsSet() {
    env.client.resource(deletable("blocked", "api", keepUntagged(1), false)).create();
    env.awaitReady("blocked", "api");
    env.ecr.pushImage(REGION, "blocked/api", digest(1), List.of("v1"), Instant.now());

    env.resource("blocked", "api").delete();

    EcrRepository blocked =
        env.await(
            "blocked", "api", r -> isCondition(r, Conditions.READY, "False", "DeletionBlocked"));
    assertTrue(isCondition(blocked, Conditions.STALLED, "True", "DeletionBlocked"));
    assertTrue(condition(blocked, Conditions.READY).getMessage().contains("forceDelete"));
    assertTrue(reasons(env.events("blocked", "api")).contains("DeletionBlocked"));
    assertTrue(env.ecr.repository(REGION, "blocked/api").isPresent());
    assertEquals(1, env.ecr.images(REGION, "blocked/api").size(), "no image was lost");

    env.resource("blocked", "api")
        .edit(
            r -> {
              r.getSpec().setForceDelete(true);
              return r;
            });

    env.awaitGone("blocked", "api");
    assertFalse(env.ecr.repository(REGION, "blocked/api").isPresent());
  }

  @Test
  void anInvalidPolicyIsRefusedWithItsPathAndNothingIsWritten() {
    env.ecr.resetCalls();
    env.client
        .resource(
            repository(
                "invalid", "api", policy(rule(1, "untagged", null, "sinceImagePushed", null, 7))))
        .create();

    EcrRepository stalled =
        env.await("invalid", "api", r -> isCondition(r, Conditions.STALLED, "True", "InvalidSpec"));

    assertTrue(isCondition(stalled, Conditions.READY, "False", "InvalidSpec"));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("spec.lifecyclePolicy.rules[0].selection.countUnit"), message);
    assertFalse(env.ecr.repository(REGION, "invalid/api").isPresent());
    assertEquals(0, env.ecr.writeCallCount(), "calls: " + env.ecr.calls());
  }

  @Test
  void anInvalidChangeLeavesThePolicyInEcrUntouched() {
    env.client.resource(repository("invalid2", "api", keepUntagged(1))).create();
    env.awaitReady("invalid2", "api");
    String before = env.ecr.repository(REGION, "invalid2/api").orElseThrow().lifecyclePolicyText();
    env.ecr.resetCalls();

    env.resource("invalid2", "api")
        .edit(
            r -> {
              r.getSpec()
                  .getLifecyclePolicy()
                  .getRules()
                  .get(0)
                  .getSelection()
                  .setTagStatus("tagged");
              return r;
            });

    EcrRepository stalled =
        env.await(
            "invalid2", "api", r -> isCondition(r, Conditions.STALLED, "True", "InvalidSpec"));
    assertTrue(
        condition(stalled, Conditions.READY)
            .getMessage()
            .contains("spec.lifecyclePolicy.rules[0].selection"));
    assertEquals(
        before, env.ecr.repository(REGION, "invalid2/api").orElseThrow().lifecyclePolicyText());
    assertEquals(0, env.ecr.callCount("PutLifecyclePolicy"));
    assertEquals(0, env.ecr.callCount("DeleteLifecyclePolicy"));
  }

  private static Set<String> reasons(List<Event> events) {
    return events.stream().map(Event::getReason).collect(Collectors.toSet());
  }

  static dev.operators.ecr.policy.CanonicalPolicy canonical(String text) {
    assertNotNull(text, "ECR holds no lifecycle policy");
    return LifecyclePolicy.parse(text).canonical();
  }

  static dev.operators.ecr.aws.RepositoryRef ref(String name) {
    return new dev.operators.ecr.aws.RepositoryRef(REGION, name);
  }

  static String keepUntaggedJson(int n) {
    return "{\"rules\":[{\"rulePriority\":1,\"description\":\"changed by hand\",\"selection\":"
        + "{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":"
        + n
        + "},\"action\":{\"type\":\"expire\"}}]}";
  }

  static String digest(int n) {
    return String.format("sha256:%064x", n);
  }
}
