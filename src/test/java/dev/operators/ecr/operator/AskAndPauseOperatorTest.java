package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.deletable;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRegistrySpec;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.RegistryScanningSpec;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.aws.PullThroughCacheRule;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconcile-request and pause annotations on an EcrRepository and on the registry-level kinds,
 * end to end. The resync period is an hour: every pass here comes from an event, so a pass that
 * should not happen would show.
 */
class AskAndPauseOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env = OperatorEnvironment.create().resync(Duration.ofHours(1));

  /** Long enough for a pass that an event would start to have come and gone. */
  private static final long QUIET_MILLIS = 1500;

  @Test
  void aRequestGetsOneFullPassPerValueAndItsValueIsEchoed() throws InterruptedException {
    env.client.resource(repository("ask", "api", keepUntagged(1))).create();
    env.awaitReady("ask", "api");
    env.ecr.resetCalls();
    long statusWrites = env.api.statusWrites();

    annotate("ask", "api", Annotations.RECONCILE_REQUESTED_AT, "1733370000");

    EcrRepository handled =
        env.await(
            "ask", "api", r -> "1733370000".equals(r.getStatus().getLastHandledReconcileAt()));
    assertTrue(isCondition(handled, Conditions.READY, "True", Reasons.SYNCED));
    // A full recheck: ECR was read, and the preview computed again although it was young.
    assertEquals(1, env.ecr.callCount("GetLifecyclePolicy"), env.ecr.calls().toString());
    assertEquals(1, env.ecr.callCount("StartLifecyclePolicyPreview"), env.ecr.calls().toString());
    assertEquals(statusWrites + 1, env.api.statusWrites(), "one status write: the echo");
    // The echo is the operator's own write: it starts no pass.
    Thread.sleep(QUIET_MILLIS);
    assertEquals(1, env.ecr.callCount("GetLifecyclePolicy"), env.ecr.calls().toString());

    // Another annotation, or the same value written again, is no request.
    annotate("ask", "api", "example.com/note", "x");
    annotate("ask", "api", Annotations.RECONCILE_REQUESTED_AT, "1733370000");
    Thread.sleep(QUIET_MILLIS);
    assertEquals(1, env.ecr.callCount("GetLifecyclePolicy"), env.ecr.calls().toString());

    annotate("ask", "api", Annotations.RECONCILE_REQUESTED_AT, "1733370060");
    env.await("ask", "api", r -> "1733370060".equals(r.getStatus().getLastHandledReconcileAt()));
    assertEquals(2, env.ecr.callCount("GetLifecyclePolicy"), env.ecr.calls().toString());
  }

  @Test
  void aRequestIsHandledByAPassThatEndsNotByOneToBeRetried() {
    env.client.resource(repository("retry", "api", keepUntagged(1))).create();
    env.awaitReady("retry", "api");
    env.ecr.failAlways("PutLifecyclePolicy", Fault.serverError());
    try {
      env.resource("retry", "api")
          .edit(
              r -> {
                r.getSpec().setLifecyclePolicy(keepUntagged(2));
                return annotated(r, Annotations.RECONCILE_REQUESTED_AT, "1");
              });
      EcrRepository failing =
          env.await(
              "retry",
              "api",
              r -> isCondition(r, Conditions.RECONCILING, "True", Reasons.AWS_ERROR));
      assertNull(failing.getStatus().getLastHandledReconcileAt(), "not handled yet");
    } finally {
      env.ecr.clearFaults();
    }
    EcrRepository handled = env.awaitReady("retry", "api");
    assertEquals("1", handled.getStatus().getLastHandledReconcileAt());
  }

  @Test
  void aPausedRepositoryWritesNothingReportsDriftAndResumingCorrectsIt() {
    env.client.resource(repository("pause", "api", keepUntagged(1))).create();
    String digest = env.awaitReady("pause", "api").getStatus().getLifecyclePolicy().getDigest();
    annotate("pause", "api", Annotations.PAUSED, "true");
    EcrRepository paused =
        env.await("pause", "api", r -> isCondition(r, Conditions.READY, "False", Reasons.PAUSED));
    assertTrue(isCondition(paused, Conditions.STALLED, "False", Reasons.PAUSED));
    assertTrue(isCondition(paused, Conditions.RECONCILING, "False", Reasons.PAUSED));
    assertNull(paused.getStatus().getDrift(), "ECR matches the spec");

    // Behind the operator's back: the policy goes. A requested pass finds it, and leaves it.
    env.port.deleteLifecyclePolicy(new RepositoryRef(REGION, "pause/api"));
    env.ecr.resetCalls();
    annotate("pause", "api", Annotations.RECONCILE_REQUESTED_AT, "1");
    EcrRepository drifted = env.await("pause", "api", r -> r.getStatus().getDrift() != null);
    assertEquals(List.of("lifecyclePolicy"), drifted.getStatus().getDrift());
    assertEquals("1", drifted.getStatus().getLastHandledReconcileAt());
    String message = OperatorEnvironment.condition(drifted, Conditions.READY).getMessage();
    assertTrue(message.contains("lifecyclePolicy"), message);
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());
    assertTrue(env.ecr.callCount("GetLifecyclePolicy") >= 1, env.ecr.calls().toString());
    assertNull(env.ecr.repository(REGION, "pause/api").orElseThrow().lifecyclePolicyText());
    assertEquals(1, reasons("pause", "api", Reasons.DRIFT_DETECTED));

    // A second pass finding the same drift tells no one again.
    annotate("pause", "api", Annotations.RECONCILE_REQUESTED_AT, "2");
    env.await("pause", "api", r -> "2".equals(r.getStatus().getLastHandledReconcileAt()));
    assertEquals(1, reasons("pause", "api", Reasons.DRIFT_DETECTED));
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());

    // Resumed: the policy is restored, counted as drift, and the pause is gone from the status.
    annotate("pause", "api", Annotations.PAUSED, null);
    EcrRepository resumed = env.awaitReady("pause", "api");
    assertEquals(Reasons.SYNCED, OperatorEnvironment.condition(resumed, "Ready").getReason());
    assertNull(resumed.getStatus().getDrift());
    assertNull(resumed.getStatus().getMatchedGeneration());
    assertEquals(1L, resumed.getStatus().getDriftCorrections());
    assertEquals(
        List.of("lifecyclePolicy"), resumed.getStatus().getLastDriftCorrection().getFields());
    String text = env.ecr.repository(REGION, "pause/api").orElseThrow().lifecyclePolicyText();
    assertEquals(digest, LifecyclePolicy.parse(text).canonical().digest());
    assertEquals(1, reasons("pause", "api", Reasons.DRIFT_CORRECTED));
  }

  @Test
  void aSpecChangedWhilePausedWaitsAndIsAppliedOnResumingNotCountedAsDrift() {
    env.client.resource(repository("change", "api", keepUntagged(1))).create();
    env.awaitReady("change", "api");
    annotate("change", "api", Annotations.PAUSED, "true");
    env.await("change", "api", r -> isCondition(r, Conditions.READY, "False", Reasons.PAUSED));
    env.ecr.resetCalls();

    env.resource("change", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(keepUntagged(3));
              r.getSpec().setTags(Map.of("team", "orders"));
              return r;
            });

    EcrRepository paused =
        env.await(
            "change",
            "api",
            r ->
                r.getStatus().getObservedGeneration() == 2L
                    && isCondition(r, Conditions.READY, "False", Reasons.PAUSED));
    assertEquals(List.of("tags", "lifecyclePolicy"), paused.getStatus().getDrift());
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());
    assertTrue(
        env.ecr
            .repository(REGION, "change/api")
            .orElseThrow()
            .lifecyclePolicyText()
            .contains("\"countNumber\":1"));

    annotate("change", "api", Annotations.PAUSED, null);
    EcrRepository resumed = env.awaitReady("change", "api");
    assertNull(resumed.getStatus().getDriftCorrections(), "a spec change is not drift");
    var ecr = env.ecr.repository(REGION, "change/api").orElseThrow();
    assertTrue(ecr.lifecyclePolicyText().contains("\"countNumber\":3"));
    assertEquals("orders", ecr.tags().get("team"));
  }

  @Test
  void aRepositoryCreatedPausedIsNotCreatedUntilResumed() {
    EcrRepository resource = repository("born", "paused", keepUntagged(1));
    resource.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, "true"));
    env.client.resource(resource).create();

    EcrRepository paused =
        env.await("born", "paused", r -> isCondition(r, Conditions.READY, "False", Reasons.PAUSED));
    assertEquals(List.of("repository"), paused.getStatus().getDrift());
    assertTrue(env.ecr.repository(REGION, "born/paused").isEmpty());

    annotate("born", "paused", Annotations.PAUSED, null);
    env.awaitReady("born", "paused");
    assertTrue(env.ecr.repository(REGION, "born/paused").isPresent());
  }

  @Test
  void aPausedRepositoryIsNotDeletedUntilResumedAndABadValueDoesNotPause() {
    env.client.resource(deletable("gone", "api", keepUntagged(1), false)).create();
    env.awaitReady("gone", "api");
    // Not "true": not paused, reconciled as usual.
    annotate("gone", "api", Annotations.PAUSED, "yes");
    annotate("gone", "api", Annotations.RECONCILE_REQUESTED_AT, "1");
    EcrRepository notPaused =
        env.await("gone", "api", r -> "1".equals(r.getStatus().getLastHandledReconcileAt()));
    assertTrue(isCondition(notPaused, Conditions.READY, "True", Reasons.SYNCED));

    annotate("gone", "api", Annotations.PAUSED, "true");
    env.await("gone", "api", r -> isCondition(r, Conditions.READY, "False", Reasons.PAUSED));
    env.ecr.resetCalls();
    env.resource("gone", "api").delete();

    EcrRepository waiting =
        env.await(
            "gone",
            "api",
            r ->
                OperatorEnvironment.condition(r, Conditions.READY)
                    .getMessage()
                    .contains("being deleted"));
    assertNotNull(waiting.getMetadata().getDeletionTimestamp());
    String message = OperatorEnvironment.condition(waiting, Conditions.READY).getMessage();
    assertTrue(message.contains("deletionPolicy Delete"), message);
    assertTrue(env.ecr.repository(REGION, "gone/api").isPresent());
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());

    annotate("gone", "api", Annotations.PAUSED, null);
    env.awaitGone("gone", "api");
    assertTrue(env.ecr.repository(REGION, "gone/api").isEmpty());
  }

  @Test
  void aPausedRegistryLevelSettingWritesNothingReportsDriftAndResumingCorrectsIt() {
    String secret =
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf";
    EcrPullThroughCacheRule rule = new EcrPullThroughCacheRule();
    rule.setMetadata(new ObjectMetaBuilder().withName("paused-hub").build());
    EcrPullThroughCacheRuleSpec spec = new EcrPullThroughCacheRuleSpec();
    spec.setEcrRepositoryPrefix("paused-hub");
    spec.setUpstreamRegistryUrl("registry-1.docker.io");
    spec.setUpstreamRegistry("docker-hub");
    spec.setCredentialArn(secret);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    rule.setSpec(spec);
    env.client.resource(rule).create();
    awaitRule(SettingResources::isReady);
    annotateRule(Annotations.PAUSED, "true");
    awaitRule(r -> SettingResources.isCondition(r, Conditions.READY, "False", Reasons.PAUSED));

    // Behind the operator's back: another credential. A requested pass finds it, and leaves it.
    String other = secret.replace("hub-", "rotated-");
    env.port.updatePullThroughCacheRule(REGION, "paused-hub", other, null);
    env.ecr.resetCalls();
    annotateRule(Annotations.RECONCILE_REQUESTED_AT, "1");
    EcrPullThroughCacheRule drifted = awaitRule(r -> r.getStatus().getDrift() != null);
    assertEquals(List.of("credentialArn"), drifted.getStatus().getDrift());
    assertEquals("1", drifted.getStatus().getLastHandledReconcileAt());
    assertTrue(SettingResources.isCondition(drifted, Conditions.STALLED, "False", Reasons.PAUSED));
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());
    assertEquals(other, inEcr().credentialArn());

    // Deleting it while paused leaves the rule in ECR and the finalizer on.
    env.client.resources(EcrPullThroughCacheRule.class).withName("paused-hub").delete();
    awaitRule(
        r ->
            SettingResources.condition(r, Conditions.READY).getMessage().contains("being deleted"));
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());
    assertEquals(other, inEcr().credentialArn());

    // Resumed: the deletion goes ahead, as deletionPolicy Delete says.
    annotateRule(Annotations.PAUSED, null);
    SettingResources.awaitGone(env.client, EcrPullThroughCacheRule.class, "paused-hub");
    assertTrue(env.port.describePullThroughCacheRule(REGION, "paused-hub").isEmpty());
  }

  @Test
  void aPausedRegistryLevelSettingResumedCorrectsTheDriftAndCountsIt() {
    EcrRegistry registry = new EcrRegistry();
    registry.setMetadata(new ObjectMetaBuilder().withName("paused-registry").build());
    EcrRegistrySpec spec = new EcrRegistrySpec();
    spec.setRegion("eu-central-1");
    RegistryScanningSpec scanning = new RegistryScanningSpec();
    scanning.setScanType("ENHANCED");
    spec.setScanning(scanning);
    registry.setSpec(spec);
    env.client.resource(registry).create();
    await(EcrRegistry.class, "paused-registry", SettingResources::isReady);
    annotate(EcrRegistry.class, "paused-registry", Annotations.PAUSED, "true");
    await(
        EcrRegistry.class,
        "paused-registry",
        r -> SettingResources.isCondition(r, Conditions.READY, "False", Reasons.PAUSED));

    env.port.putRegistryScanning("eu-central-1", RegistryScanning.DEFAULT);
    env.ecr.resetCalls();
    annotate(EcrRegistry.class, "paused-registry", Annotations.RECONCILE_REQUESTED_AT, "1");
    EcrRegistry drifted =
        await(EcrRegistry.class, "paused-registry", r -> r.getStatus().getDrift() != null);
    assertEquals(0, env.ecr.writeCallCount(), env.ecr.calls().toString());
    assertEquals("BASIC", env.port.getRegistryScanning("eu-central-1").scanType());

    annotate(EcrRegistry.class, "paused-registry", Annotations.PAUSED, null);
    EcrRegistry resumed =
        await(
            EcrRegistry.class,
            "paused-registry",
            r -> SettingResources.isReady(r) && r.getStatus().getDriftCorrections() != null);
    assertEquals("ENHANCED", env.port.getRegistryScanning("eu-central-1").scanType());
    assertEquals(1L, resumed.getStatus().getDriftCorrections());
    assertEquals(
        drifted.getStatus().getDrift(), resumed.getStatus().getLastDriftCorrection().getFields());
    assertNull(resumed.getStatus().getDrift());
  }

  private static PullThroughCacheRule inEcr() {
    return env.port.describePullThroughCacheRule(REGION, "paused-hub").orElseThrow();
  }

  private static EcrPullThroughCacheRule awaitRule(Predicate<EcrPullThroughCacheRule> condition) {
    return await(EcrPullThroughCacheRule.class, "paused-hub", condition);
  }

  private static void annotateRule(String key, String value) {
    annotate(EcrPullThroughCacheRule.class, "paused-hub", key, value);
  }

  private static <R extends CustomResource<?, ? extends SettingStatus>> R await(
      Class<R> type, String name, Predicate<R> condition) {
    return SettingResources.await(env.client, type, name, condition);
  }

  /** Sets the annotation of a cluster-scoped resource, or removes it when {@code value} is null. */
  private static <R extends HasMetadata> void annotate(
      Class<R> type, String name, String key, String value) {
    env.client.resources(type).withName(name).edit(r -> annotated(r, key, value));
  }

  /** Sets the annotation, or removes it when {@code value} is null. */
  private static void annotate(String namespace, String name, String key, String value) {
    env.resource(namespace, name).edit(r -> annotated(r, key, value));
  }

  private static <R extends HasMetadata> R annotated(R r, String key, String value) {
    Map<String, String> annotations =
        r.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(r.getMetadata().getAnnotations());
    if (value == null) {
      annotations.remove(key);
    } else {
      annotations.put(key, value);
    }
    r.getMetadata().setAnnotations(annotations);
    return r;
  }

  private static long reasons(String namespace, String name, String reason) {
    return env.events(namespace, name).stream()
        .map(Event::getReason)
        .filter(reason::equals)
        .count();
  }
}
