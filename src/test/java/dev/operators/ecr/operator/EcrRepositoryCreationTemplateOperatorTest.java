package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.SettingResources.condition;
import static dev.operators.ecr.operator.SettingResources.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Templates.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EcrRepositoryCreationTemplate through the real operator: created, changed, drift in ECR restored
 * at a resync, an invalid spec refused with no ECR write, deleted under each policy, ECR's failures
 * on the status, and one resource per prefix.
 */
class EcrRepositoryCreationTemplateOperatorTest {
  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  private static Templates templates;

  @BeforeAll
  static void registerTheKind() {
    templates = Templates.in(env);
  }

  private static String digest(String ecrText) {
    return LifecyclePolicy.parse(ecrText).canonical().digest();
  }

  @Test
  void createdChangedDriftRestoredAndDeleted() {
    templates.create(
        template(
            "team-prod",
            "team/prod",
            spec -> {
              spec.setLifecyclePolicy(keepUntagged(1));
              spec.setResourceTags(Map.of("team", "payments"));
            }));

    EcrRepositoryCreationTemplate ready = templates.awaitReady("team-prod");
    RepositoryCreationTemplate held = templates.inEcr("team/prod").orElseThrow();
    assertEquals(Map.of("team", "payments"), held.resourceTags());
    assertEquals(List.of("CREATE_ON_PUSH"), held.appliedFor());
    var applied = ready.getStatus().getLifecyclePolicy();
    assertEquals("inline", applied.getSource());
    assertEquals(digest(held.lifecyclePolicy()), applied.getDigest());
    assertEquals(applied.getDigest().substring(7, 19), applied.getVersion());
    assertEquals("team/prod", ready.getStatus().getPrefix());
    assertEquals(OperatorEnvironment.REGION, ready.getStatus().getRegion());
    assertTrue(ready.getStatus().getManaged());

    // A change of the spec is written.
    templates
        .resource("team-prod")
        .edit(
            t -> {
              t.getSpec().setLifecyclePolicy(keepUntagged(4));
              t.getSpec().setDescription("payments, production");
              return t;
            });
    EcrRepositoryCreationTemplate changed =
        templates.await(
            "team-prod",
            t ->
                isCondition(t, Conditions.READY, "True", null)
                    && t.getMetadata().getGeneration() == 2L);
    held = templates.inEcr("team/prod").orElseThrow();
    assertEquals("payments, production", held.description());
    assertEquals(
        digest(held.lifecyclePolicy()), changed.getStatus().getLifecyclePolicy().getDigest());
    assertEquals(
        DesiredState.sharedCanonical(Specs.sharedPolicy("same-rules", 4, false)).digest(),
        changed.getStatus().getLifecyclePolicy().getDigest());

    // A change in ECR behind the operator's back is undone at the next resync, and counted.
    RepositoryCreationTemplate before = held;
    env.port.updateRepositoryCreationTemplate(
        OperatorEnvironment.REGION,
        new RepositoryCreationTemplate(
            before.prefix(),
            before.description(),
            before.appliedFor(),
            before.encryptionType(),
            before.kmsKey(),
            before.imageTagMutability(),
            before.imageTagMutabilityExclusionFilters(),
            before.lifecyclePolicy(),
            before.repositoryPolicy(),
            Map.of("team", "someone-else"),
            before.customRoleArn()));
    EcrRepositoryCreationTemplate restored =
        templates.await(
            "team-prod", t -> Long.valueOf(1).equals(t.getStatus().getDriftCorrections()));
    assertEquals(
        List.of("resourceTags"), restored.getStatus().getLastDriftCorrection().getFields());
    assertEquals(
        Map.of("team", "payments"), templates.inEcr("team/prod").orElseThrow().resourceTags());
    assertTrue(isCondition(restored, Conditions.READY, "True", null));

    // Delete is the default: the template goes from ECR with the resource.
    templates.resource("team-prod").delete();
    templates.awaitGone("team-prod");
    assertTrue(templates.inEcr("team/prod").isEmpty());
    List<String> reasons = templates.eventReasons("team-prod");
    for (String reason :
        List.of(Reasons.CREATED, Reasons.UPDATED, Reasons.DRIFT_CORRECTED, Reasons.DELETED)) {
      assertTrue(reasons.contains(reason), reason + " not among " + reasons);
    }
  }

  @Test
  void retainLeavesTheTemplateInEcr() {
    templates.create(
        template("kept", "kept", spec -> spec.setDeletionPolicy(DeletionPolicy.Retain)));
    templates.awaitReady("kept");

    templates.resource("kept").delete();
    templates.awaitGone("kept");

    assertTrue(templates.inEcr("kept").isPresent());
  }

  @Test
  void anInvalidSpecStallsWithoutAnyEcrWrite() {
    long writes = env.ecr.writeCallCount();
    templates.create(template("invalid", "invalid", spec -> spec.setAppliedFor(List.of("PUSH"))));

    EcrRepositoryCreationTemplate stalled =
        templates.await(
            "invalid", t -> isCondition(t, Conditions.STALLED, "True", Reasons.INVALID_SPEC));

    assertTrue(isCondition(stalled, Conditions.READY, "False", Reasons.INVALID_SPEC));
    assertTrue(
        condition(stalled, Conditions.READY).getMessage().contains("spec.appliedFor[0]"),
        condition(stalled, Conditions.READY).getMessage());
    assertEquals(writes, env.ecr.writeCallCount());
    assertTrue(templates.inEcr("invalid").isEmpty());

    templates.resource("invalid").delete();
    templates.awaitGone("invalid");
  }

  @Test
  void accessDeniedStallsAndRecoversOnceAllowed() {
    env.ecr.failAlways("CreateRepositoryCreationTemplate", Fault.accessDenied());
    templates.create(template("denied", "denied", spec -> {}));

    EcrRepositoryCreationTemplate stalled =
        templates.await(
            "denied", t -> isCondition(t, Conditions.STALLED, "True", Reasons.ACCESS_DENIED));
    assertTrue(isCondition(stalled, Conditions.READY, "False", Reasons.ACCESS_DENIED));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("ecr:CreateRepositoryCreationTemplate"), message);

    env.ecr.clearFaults();
    templates.awaitReady("denied");
  }

  @Test
  void throttlingIsRetriedAndReportedWithoutStalling() {
    env.ecr.failAlways("DescribeRepositoryCreationTemplates", Fault.throttling());
    templates.create(template("throttled", "throttled", spec -> {}));

    EcrRepositoryCreationTemplate retrying =
        templates.await(
            "throttled", t -> isCondition(t, Conditions.READY, "False", Reasons.THROTTLED));
    assertTrue(isCondition(retrying, Conditions.RECONCILING, "True", Reasons.THROTTLED));
    assertTrue(isCondition(retrying, Conditions.STALLED, "False", null));

    env.ecr.clearFaults();
    templates.awaitReady("throttled");
    assertTrue(templates.inEcr("throttled").isPresent());
  }

  @Test
  void aSecondResourceForTheSamePrefixWaitsAndWritesNothing() {
    templates.create(template("first", "shared", spec -> spec.setDescription("first")));
    templates.awaitReady("first");
    templates.create(template("second", "shared/", spec -> spec.setDescription("second")));

    EcrRepositoryCreationTemplate waiting =
        templates.await("second", t -> isCondition(t, Conditions.STALLED, "True", Reasons.CLAIMED));

    assertTrue(condition(waiting, Conditions.READY).getMessage().contains("first"));
    assertEquals("first", templates.inEcr("shared").orElseThrow().description());
  }
}
