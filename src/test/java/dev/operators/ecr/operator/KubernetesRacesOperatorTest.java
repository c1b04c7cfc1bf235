package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.canonical;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resource changes, or is deleted, while its reconcile is in the middle of an ECR call: the
 * operator's status write meets a 409 Conflict, or the object it works on is terminating. It
 * recovers in the same process, and writes nothing to ECR twice.
 *
 * <p>The resync period is far longer than any wait here: what a test waits for can only come from
 * the operator handling the conflict or the deletion, never from the periodic recheck.
 */
class KubernetesRacesOperatorTest {
  private static final Duration NO_RESYNC = Duration.ofHours(1);
  private static HoldingEcrPort ecr;

  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create()
          .resync(NO_RESYNC)
          .operatorPort(
              real -> {
                ecr = new HoldingEcrPort(real);
                return ecr.port();
              });

  @Test
  void aStatusWriteMeetingAConflictIsRetriedOnTheNewerObjectWithoutWritingEcrAgain() {
    long conflicts = env.api.statusConflicts();
    try (var hold = ecr.holdAnswer("putLifecyclePolicy", "conflict/labels")) {
      env.client.resource(repository("conflict", "labels", keepUntagged(1))).create();
      hold.awaitHeld();
      // Someone labels the resource while the operator is in ECR: the object the operator read,
      // and will write the status of, is no longer the stored one.
      env.resource("conflict", "labels").edit(r -> labelled(r, "team", "web"));
    }

    // A label does not change the generation, and the resync is an hour away: only the operator
    // retrying its refused status write on the newer object makes the resource Ready.
    EcrRepository ready = env.awaitReady("conflict", "labels");
    assertTrue(
        env.api.statusConflicts() > conflicts,
        "the operator's status write was refused with 409 Conflict");
    assertEquals(1L, ready.getMetadata().getGeneration());
    assertEquals("web", ready.getMetadata().getLabels().get("team"), "the label is kept");
    RepositorySnapshot repository = env.ecr.repository(REGION, "conflict/labels").orElseThrow();
    assertEquals(
        canonical(repository.lifecyclePolicyText()).digest(),
        ready.getStatus().getLifecyclePolicy().getDigest());
    assertEquals(repository.arn(), ready.getStatus().getRepositoryArn());
    assertTrue(repository.lifecyclePolicyText().contains("\"countNumber\":1"));
    assertEquals(1L, env.ecr.creations(REGION).get("conflict/labels"));
    assertEquals(1, ecr.calls("createRepository", "conflict/labels"));
    assertEquals(1, ecr.calls("putLifecyclePolicy", "conflict/labels"), "no duplicate write");
  }

  @Test
  void aSpecChangedWhileTheOperatorIsInEcrEndsReadyAtTheNewGenerationWritingEachPolicyOnce() {
    long conflicts = env.api.statusConflicts();
    try (var hold = ecr.holdAnswer("putLifecyclePolicy", "conflict/spec")) {
      env.client.resource(repository("conflict", "spec", keepUntagged(1))).create();
      hold.awaitHeld();
      env.resource("conflict", "spec")
          .edit(
              r -> {
                r.getSpec().setLifecyclePolicy(keepUntagged(3));
                return r;
              });
    }

    EcrRepository ready = env.awaitReady("conflict", "spec");
    assertTrue(
        env.api.statusConflicts() > conflicts,
        "the status write for the first generation was refused with 409 Conflict");
    assertEquals(2L, ready.getMetadata().getGeneration());
    RepositorySnapshot repository = env.ecr.repository(REGION, "conflict/spec").orElseThrow();
    assertTrue(repository.lifecyclePolicyText().contains("\"countNumber\":3"));
    assertEquals(
        canonical(repository.lifecyclePolicyText()).digest(),
        ready.getStatus().getLifecyclePolicy().getDigest());
    assertEquals(1L, env.ecr.creations(REGION).get("conflict/spec"));
    assertEquals(1, ecr.calls("createRepository", "conflict/spec"));
    assertEquals(
        2, ecr.calls("putLifecyclePolicy", "conflict/spec"), "one write for each generation");
  }

  @ParameterizedTest
  @EnumSource(DeletionPolicy.class)
  void aResourceDeletedWhileItsRepositoryIsBeingCreatedIsCleanedUpByItsPolicy(
      DeletionPolicy policy) {
    String namespace = "deleted-" + policy.name().toLowerCase(Locale.ROOT);
    String name = namespace + "/web";
    EcrRepository resource = repository(namespace, "web", keepUntagged(1));
    resource.getSpec().setDeletionPolicy(policy);
    try (var hold = ecr.holdAnswer("createRepository", name)) {
      env.client.resource(resource).create();
      hold.awaitHeld();
      // The repository now exists in ECR; the operator has not heard back yet.
      env.resource(namespace, "web").delete();

      EcrRepository terminating = env.get(namespace, "web");
      assertNotNull(terminating, "the finalizer keeps the object while its reconcile runs");
      assertNotNull(terminating.getMetadata().getDeletionTimestamp());
      assertFalse(terminating.getMetadata().getFinalizers().isEmpty());
      // Meanwhile another resource is reconciled: the held pass holds up only its own resource.
      env.client.resource(repository(namespace, "other", keepUntagged(2))).create();
      env.awaitReady(namespace, "other");
      assertNotNull(env.get(namespace, "web"), "no cleanup while the reconcile is in flight");
    }

    env.awaitGone(namespace, "web");
    assertEquals(1L, env.ecr.creations(REGION).get(name));
    assertEquals(1, ecr.calls("createRepository", name));
    if (policy == DeletionPolicy.Delete) {
      assertFalse(env.ecr.repository(REGION, name).isPresent(), "no orphan repository");
      assertEquals(1, ecr.calls("deleteRepository", name));
    } else {
      RepositorySnapshot retained = env.ecr.repository(REGION, name).orElseThrow();
      assertNull(retained.tags().get(Owner.TAG_KEY), "a retained repository is released");
      assertEquals(0, ecr.calls("deleteRepository", name));
    }

    // The same process goes on: a resource created now is reconciled, and the deleted one is not
    // brought back.
    env.client.resource(repository(namespace, "next", keepUntagged(3))).create();
    env.awaitReady(namespace, "next");
    Set<String> expected =
        policy == DeletionPolicy.Delete
            ? Set.of(namespace + "/other", namespace + "/next")
            : Set.of(name, namespace + "/other", namespace + "/next");
    assertEquals(expected, repositoriesIn(namespace));
    assertEquals(1L, env.ecr.creations(REGION).get(name), "not created again");
  }

  private static Set<String> repositoriesIn(String namespace) {
    return env.ecr.repositories(REGION).stream()
        .map(RepositorySnapshot::name)
        .filter(n -> n.startsWith(namespace + "/"))
        .collect(Collectors.toSet());
  }

  private static EcrRepository labelled(EcrRepository r, String key, String value) {
    Map<String, String> labels = new HashMap<>();
    if (r.getMetadata().getLabels() != null) {
      labels.putAll(r.getMetadata().getLabels());
    }
    labels.put(key, value);
    r.getMetadata().setLabels(labels);
    return r;
  }
}
