package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.canonical;
import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.ref;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How ECR failures and foreign repositories surface on the status, and how they recover. */
class EcrFailuresOperatorTest {
  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  @Test
  void accessDeniedStallsAndRecoversOnceAllowed() {
    env.ecr.failAlways("CreateRepository", Fault.accessDenied());
    env.client.resource(repository("denied", "api", keepUntagged(1))).create();

    EcrRepository stalled =
        env.await("denied", "api", r -> isCondition(r, Conditions.STALLED, "True", "AccessDenied"));
    assertTrue(isCondition(stalled, Conditions.READY, "False", "AccessDenied"));
    assertTrue(isCondition(stalled, Conditions.RECONCILING, "False", null));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("ecr:CreateRepository"), message);

    env.ecr.clearFaults();
    env.awaitReady("denied", "api");
  }

  @Test
  void throttlingIsRetriedAndReportedWithoutStalling() {
    env.ecr.failAlways("PutLifecyclePolicy", Fault.throttling());
    env.client.resource(repository("throttled", "api", keepUntagged(1))).create();

    EcrRepository retrying =
        env.await("throttled", "api", r -> isCondition(r, Conditions.READY, "False", "Throttled"));
    assertTrue(isCondition(retrying, Conditions.RECONCILING, "True", "Throttled"));
    assertTrue(isCondition(retrying, Conditions.STALLED, "False", null));

    env.ecr.clearFaults();
    env.awaitReady("throttled", "api");
    assertEquals(
        1,
        env.ecr.repositories(REGION).stream()
            .filter(r -> r.name().equals("throttled/api"))
            .count());
  }

  @Test
  void aFailedRecheckOfAReadyRepositoryKeepsReadyUnlessTheFailureLasts() {
    env.client.resource(repository("recheck", "api", keepUntagged(1))).create();
    String readySince =
        condition(env.awaitReady("recheck", "api"), Conditions.READY).getLastTransitionTime();

    // One resync's recheck is throttled (the tests' SDK makes one attempt per call): the retry
    // a second later succeeds, and Ready never left True.
    long reads = env.ecr.callCount("GetLifecyclePolicy");
    env.ecr.failNext("GetLifecyclePolicy", 1, Fault.throttling());
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("GetLifecyclePolicy") >= reads + 2);
    EcrRepository after = env.awaitReady("recheck", "api");
    assertEquals(readySince, condition(after, Conditions.READY).getLastTransitionTime());

    // Throttled at every pass: after a few failed passes in a row Ready says so.
    env.ecr.failAlways("GetLifecyclePolicy", Fault.throttling());
    env.await("recheck", "api", r -> isCondition(r, Conditions.READY, "False", "Throttled"));
    env.ecr.clearFaults();
    env.awaitReady("recheck", "api");
  }

  @Test
  void serverErrorsAreRetriedAsAwsError() {
    // The first call for a new resource; its retries look the repository up first.
    env.ecr.failAlways("CreateRepository", Fault.serverError());
    env.client.resource(repository("server", "api", keepUntagged(1))).create();

    env.await("server", "api", r -> isCondition(r, Conditions.RECONCILING, "True", "AwsError"));

    env.ecr.clearFaults();
    env.awaitReady("server", "api");
  }

  @Test
  void aRequestEcrRejectsStallsAsInvalidSpec() {
    env.ecr.failAlways(
        "PutLifecyclePolicy",
        new Fault("InvalidParameterException", 400, "Invalid parameter at 'LifecyclePolicyText'"));
    env.client.resource(repository("rejected", "api", keepUntagged(1))).create();

    EcrRepository stalled =
        env.await(
            "rejected", "api", r -> isCondition(r, Conditions.STALLED, "True", "InvalidSpec"));
    assertTrue(condition(stalled, Conditions.READY).getMessage().contains("LifecyclePolicyText"));
  }

  @Test
  void aFailureRightAfterCreateNeverOrphansOrDuplicatesTheRepository() {
    env.ecr.failNext("PutLifecyclePolicy", 2, Fault.serverError());
    long creates = env.ecr.callCount("CreateRepository");
    env.client.resource(repository("orphan", "api", keepUntagged(1))).create();

    EcrRepository ready = env.awaitReady("orphan", "api");

    assertEquals(creates + 1, env.ecr.callCount("CreateRepository"), "created exactly once");
    var ecr = env.ecr.repository(REGION, "orphan/api").orElseThrow();
    assertEquals("default/orphan/api", ecr.tags().get(Owner.TAG_KEY));
    assertEquals(
        ready.getStatus().getLifecyclePolicy().getDigest(),
        canonical(ecr.lifecyclePolicyText()).digest());
  }

  @Test
  void aRepositoryCreatedByAPassThatDiedBeforeRecordingItIsTakenUp() {
    // As a process that died between CreateRepository and the status write would leave it.
    env.port.createRepository(
        ref("crashed/api"),
        RepositorySettings.NONE,
        Owner.of("default", "crashed", "api").asTags());
    env.client.resource(repository("crashed", "api", keepUntagged(1))).create();

    EcrRepository ready = env.awaitReady("crashed", "api");

    assertEquals(
        1,
        env.ecr.repositories(REGION).stream().filter(r -> r.name().equals("crashed/api")).count());
    Set<String> reasons =
        env.events("crashed", "api").stream().map(Event::getReason).collect(Collectors.toSet());
    assertFalse(reasons.contains("Created"), "ECR refused the create: " + reasons);
    assertFalse(reasons.contains("Adopted"), "its owner tag was already this resource's");
    assertEquals(
        ready.getStatus().getLifecyclePolicy().getDigest(),
        canonical(env.ecr.repository(REGION, "crashed/api").orElseThrow().lifecyclePolicyText())
            .digest());
  }

  @Test
  void anExistingRepositoryWithoutOwnerIsOnlyTakenWithAdopt() {
    env.port.createRepository(ref("legacy/api"), RepositorySettings.NONE, Map.of("team", "legacy"));
    RepositorySnapshot before = env.ecr.repository(REGION, "legacy/api").orElseThrow();
    env.client.resource(repository("legacy", "api", keepUntagged(1))).create();

    EcrRepository stalled =
        env.await(
            "legacy", "api", r -> isCondition(r, Conditions.STALLED, "True", "AlreadyExists"));
    assertTrue(condition(stalled, Conditions.READY).getMessage().contains("adopt: true"));
    // Its first pass sent a CreateRepository, which ECR refused; nothing changed. (Write calls are
    // not counted here: other resources of this environment may write meanwhile. RepositorySyncTest
    // counts the calls of each pass.)
    assertEquals(before, env.ecr.repository(REGION, "legacy/api").orElseThrow());

    env.resource("legacy", "api")
        .edit(
            r -> {
              r.getSpec().setAdopt(true);
              return r;
            });

    env.awaitReady("legacy", "api");
    Map<String, String> tags = env.ecr.repository(REGION, "legacy/api").orElseThrow().tags();
    assertEquals("default/legacy/api", tags.get(Owner.TAG_KEY));
    assertEquals("legacy", tags.get("team"), "other tags stay");
  }

  @Test
  void aRepositoryOwnedByAnotherResourceIsNeverTouched() {
    env.port.createRepository(
        ref("taken/api"), RepositorySettings.NONE, Owner.of("default", "other", "api").asTags());
    RepositorySnapshot before = env.ecr.repository(REGION, "taken/api").orElseThrow();
    EcrRepository claim = repository("taken", "api", keepUntagged(1));
    claim.getSpec().setAdopt(true);
    claim.getSpec().setDeletionPolicy(dev.operators.ecr.api.DeletionPolicy.Delete);
    env.client.resource(claim).create();

    EcrRepository stalled =
        env.await(
            "taken", "api", r -> isCondition(r, Conditions.STALLED, "True", "OwnershipConflict"));
    assertTrue(condition(stalled, Conditions.READY).getMessage().contains("default/other/api"));
    assertEquals(before, env.ecr.repository(REGION, "taken/api").orElseThrow());

    env.resource("taken", "api").delete();
    env.awaitGone("taken", "api");
    assertTrue(env.ecr.repository(REGION, "taken/api").isPresent());
  }
}
