package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.SettingResources.await;
import static dev.operators.ecr.operator.SettingResources.condition;
import static dev.operators.ecr.operator.SettingResources.events;
import static dev.operators.ecr.operator.SettingResources.isCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.PullThroughCacheRule;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EcrPullThroughCacheRule end to end: created, changed in place, drift restored, ECR's check of the
 * upstream shown, bad input and foreign rules refused without a write, one rule per prefix,
 * deletion by policy, and ECR failures surfaced.
 */
class PullThroughCacheRuleOperatorTest {
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
  private static final String OTHER_SECRET = SECRET.replace("docker-hub-", "rotated-");

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  private static EcrPullThroughCacheRule rule(
      String name, String prefix, Consumer<EcrPullThroughCacheRuleSpec> change) {
    EcrPullThroughCacheRule resource = new EcrPullThroughCacheRule();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).build());
    EcrPullThroughCacheRuleSpec spec = new EcrPullThroughCacheRuleSpec();
    spec.setEcrRepositoryPrefix(prefix);
    spec.setUpstreamRegistryUrl("registry-1.docker.io");
    spec.setUpstreamRegistry("docker-hub");
    spec.setCredentialArn(SECRET);
    change.accept(spec);
    resource.setSpec(spec);
    return resource;
  }

  private static EcrPullThroughCacheRule awaitReady(String name) {
    return await(env.client, EcrPullThroughCacheRule.class, name, SettingResources::isReady);
  }

  private static EcrPullThroughCacheRule awaitCondition(
      String name, String type, String status, String reason) {
    return await(
        env.client, EcrPullThroughCacheRule.class, name, r -> isCondition(r, type, status, reason));
  }

  private static Optional<PullThroughCacheRule> inEcr(String prefix) {
    return env.port.describePullThroughCacheRule(REGION, prefix);
  }

  private static List<String> reasons(String name) {
    return events(env.client, name).stream().map(Event::getReason).toList();
  }

  @Test
  void aRuleIsCreatedAsDeclaredAndItsUpstreamCheckShown() {
    env.client.resource(rule("hub", "hub", s -> {})).create();

    EcrPullThroughCacheRule ready = awaitReady("hub");
    assertEquals(
        new PullThroughCacheRule("hub", "registry-1.docker.io", "docker-hub", null, SECRET, null),
        inEcr("hub").orElseThrow());
    assertEquals(Boolean.TRUE, ready.getStatus().getUpstream().getValid());
    assertEquals("hub", ready.getStatus().getEcrRepositoryPrefix());
    assertEquals(REGION, ready.getStatus().getRegion());
    assertEquals(Boolean.TRUE, ready.getStatus().getManaged());
    assertTrue(reasons("hub").contains(Reasons.CREATED), reasons("hub").toString());
  }

  @Test
  void aNewCredentialIsSetInPlaceAndDriftIsRestoredAndCounted() {
    env.client.resource(rule("rotate", "rotate", s -> {})).create();
    awaitReady("rotate");

    env.client
        .resources(EcrPullThroughCacheRule.class)
        .withName("rotate")
        .edit(
            r -> {
              r.getSpec().setCredentialArn(OTHER_SECRET);
              return r;
            });
    awaitReady("rotate");
    assertEquals(OTHER_SECRET, inEcr("rotate").orElseThrow().credentialArn());
    assertTrue(reasons("rotate").contains(Reasons.UPDATED), reasons("rotate").toString());

    // Behind the operator's back: the credential changed, then the whole rule deleted.
    env.port.updatePullThroughCacheRule(REGION, "rotate", SECRET, null);
    EcrPullThroughCacheRule corrected =
        await(
            env.client,
            EcrPullThroughCacheRule.class,
            "rotate",
            r -> r.getStatus().getDriftCorrections() != null);
    assertEquals(OTHER_SECRET, inEcr("rotate").orElseThrow().credentialArn());
    assertEquals(1L, corrected.getStatus().getDriftCorrections());
    assertEquals(
        List.of("credentialArn"), corrected.getStatus().getLastDriftCorrection().getFields());

    env.port.deletePullThroughCacheRule(REGION, "rotate");
    await(
        env.client,
        EcrPullThroughCacheRule.class,
        "rotate",
        r -> Long.valueOf(2).equals(r.getStatus().getDriftCorrections()));
    assertEquals(OTHER_SECRET, inEcr("rotate").orElseThrow().credentialArn());
    assertTrue(reasons("rotate").contains(Reasons.DRIFT_CORRECTED), reasons("rotate").toString());
  }

  @Test
  void anUpstreamEcrCannotReachIsStalledAndRecoversWhenFixed() {
    env.ecr.credentialRefused(OTHER_SECRET);
    try {
      env.client
          .resource(rule("refused", "refused", s -> s.setCredentialArn(OTHER_SECRET)))
          .create();
      EcrPullThroughCacheRule stalled =
          awaitCondition("refused", Conditions.STALLED, "True", Reasons.UPSTREAM_UNREACHABLE);
      assertTrue(isCondition(stalled, Conditions.READY, "False", Reasons.UPSTREAM_UNREACHABLE));
      assertEquals(Boolean.FALSE, stalled.getStatus().getUpstream().getValid());
      String message = condition(stalled, Conditions.READY).getMessage();
      assertTrue(message.contains("spec.credentialArn"), message);
      assertTrue(inEcr("refused").isPresent(), "the rule is in ECR all the same");
    } finally {
      env.ecr.clearUpstreamFailures();
    }
    EcrPullThroughCacheRule ready = awaitReady("refused");
    assertEquals(Boolean.TRUE, ready.getStatus().getUpstream().getValid());
  }

  @Test
  void anInvalidSpecIsStalledWithItsPathAndNothingIsWritten() {
    env.ecr.resetCalls();
    env.client
        .resource(
            rule(
                "bad-secret",
                "bad-secret",
                s ->
                    s.setCredentialArn(
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-creds-AbCdEf")))
        .create();
    EcrPullThroughCacheRule stalled =
        awaitCondition("bad-secret", Conditions.STALLED, "True", Reasons.INVALID_SPEC);
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("spec.credentialArn"), message);
    assertTrue(message.contains("ecr-pullthroughcache/"), message);
    assertEquals(0, env.ecr.callCount("CreatePullThroughCacheRule"));
    assertFalse(inEcr("bad-secret").isPresent());
  }

  @Test
  void aRuleWithAnotherUpstreamInEcrIsLeftAlone() {
    env.port.createPullThroughCacheRule(
        REGION, new PullThroughCacheRule("foreign", "quay.io", "quay", null, null, null));
    env.ecr.resetCalls();
    env.client.resource(rule("foreign", "foreign", s -> {})).create();

    EcrPullThroughCacheRule stalled =
        awaitCondition("foreign", Conditions.STALLED, "True", Reasons.ALREADY_EXISTS);
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("upstreamRegistryUrl"), message);
    assertEquals("quay.io", inEcr("foreign").orElseThrow().upstreamRegistryUrl());
    assertEquals(0, env.ecr.writeCallCount());

    // Not managed, so deleting the resource (deletionPolicy Delete) leaves the foreign rule.
    env.client.resources(EcrPullThroughCacheRule.class).withName("foreign").delete();
    SettingResources.awaitGone(env.client, EcrPullThroughCacheRule.class, "foreign");
    assertTrue(inEcr("foreign").isPresent());
  }

  @Test
  void aSecondResourceForTheSamePrefixWaitsAndTakesOverWhenTheFirstGoes() {
    env.client.resource(rule("first", "shared", s -> {})).create();
    awaitReady("first");
    env.client.resource(rule("second", "shared", s -> s.setCredentialArn(OTHER_SECRET))).create();

    EcrPullThroughCacheRule waiting =
        awaitCondition("second", Conditions.STALLED, "True", Reasons.CLAIMED);
    String message = condition(waiting, Conditions.READY).getMessage();
    assertTrue(message.contains("EcrPullThroughCacheRule first"), message);
    assertEquals(SECRET, inEcr("shared").orElseThrow().credentialArn());

    // The first goes: its rule stays for the second, which adopts it and sets its credential.
    env.client.resources(EcrPullThroughCacheRule.class).withName("first").delete();
    awaitReady("second");
    assertEquals(OTHER_SECRET, inEcr("shared").orElseThrow().credentialArn());
    assertTrue(reasons("second").contains(Reasons.ADOPTED), reasons("second").toString());
  }

  @Test
  void deletionFollowsTheDeletionPolicy() {
    env.client.resource(rule("deleted", "deleted", s -> {})).create();
    env.client
        .resource(rule("retained", "retained", s -> s.setDeletionPolicy(DeletionPolicy.Retain)))
        .create();
    awaitReady("deleted");
    awaitReady("retained");

    env.client.resources(EcrPullThroughCacheRule.class).withName("deleted").delete();
    env.client.resources(EcrPullThroughCacheRule.class).withName("retained").delete();
    SettingResources.awaitGone(env.client, EcrPullThroughCacheRule.class, "deleted");
    SettingResources.awaitGone(env.client, EcrPullThroughCacheRule.class, "retained");

    assertFalse(inEcr("deleted").isPresent());
    assertTrue(inEcr("retained").isPresent());
    assertTrue(reasons("deleted").contains(Reasons.DELETED), reasons("deleted").toString());
  }

  @Test
  void accessDeniedStallsNamingTheActionAndThrottlingIsRetried() {
    env.ecr.failAlways("CreatePullThroughCacheRule", Fault.accessDenied());
    env.client.resource(rule("denied", "denied", s -> {})).create();
    EcrPullThroughCacheRule denied =
        awaitCondition("denied", Conditions.STALLED, "True", Reasons.ACCESS_DENIED);
    String message = condition(denied, Conditions.READY).getMessage();
    assertTrue(message.contains("ecr:CreatePullThroughCacheRule"), message);
    env.ecr.clearFaults();
    awaitReady("denied");

    env.ecr.failAlways("ValidatePullThroughCacheRule", Fault.throttling());
    env.client.resource(rule("throttled", "throttled", s -> {})).create();
    EcrPullThroughCacheRule retrying =
        awaitCondition("throttled", Conditions.RECONCILING, "True", Reasons.THROTTLED);
    assertTrue(isCondition(retrying, Conditions.STALLED, "False", null));
    env.ecr.clearFaults();
    awaitReady("throttled");
  }
}
