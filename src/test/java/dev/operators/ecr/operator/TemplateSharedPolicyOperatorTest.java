package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.SettingResources.condition;
import static dev.operators.ecr.operator.SettingResources.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.sharedPolicy;
import static dev.operators.ecr.operator.Templates.template;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.LifecyclePolicyRef;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Templates that name a shared EcrLifecyclePolicy: resolved, waited for, and kept in step. */
class TemplateSharedPolicyOperatorTest {
  // No periodic recheck within a test: only the events of the shared policies reach the templates.
  @RegisterExtension
  static final OperatorEnvironment env = OperatorEnvironment.create().resync(Duration.ofHours(1));

  private static Templates templates;

  @BeforeAll
  static void registerTheKind() {
    templates = Templates.in(env);
  }

  private static EcrRepositoryCreationTemplate referencing(String name, String policyName) {
    return template(
        name, name, spec -> spec.setLifecyclePolicyRef(new LifecyclePolicyRef(policyName)));
  }

  private static String digestInEcr(String prefix) {
    return LifecyclePolicy.parse(templates.inEcr(prefix).orElseThrow().lifecyclePolicy())
        .canonical()
        .digest();
  }

  @Test
  void aMissingPolicyStallsWithNoTemplateUntilItAppears() {
    long writes = env.ecr.writeCallCount();
    templates.create(referencing("waiting", "not-yet"));

    EcrRepositoryCreationTemplate stalled =
        templates.await(
            "waiting", t -> isCondition(t, Conditions.STALLED, "True", Reasons.POLICY_NOT_FOUND));
    assertTrue(condition(stalled, Conditions.READY).getMessage().contains("not-yet"));
    assertTrue(templates.inEcr("waiting").isEmpty());
    assertEquals(writes, env.ecr.writeCallCount());

    env.client.resource(sharedPolicy("not-yet", 2, false)).create();

    EcrRepositoryCreationTemplate ready = templates.awaitReady("waiting");
    var applied = ready.getStatus().getLifecyclePolicy();
    assertEquals("ref", applied.getSource());
    assertEquals("not-yet", applied.getName());
    assertEquals(digestInEcr("waiting"), applied.getDigest());
  }

  @Test
  void editingThePolicyReachesEveryTemplateThatNamesItAndOnlyThem() {
    env.client.resource(sharedPolicy("for-templates", 1, false)).create();
    env.client.resource(sharedPolicy("unrelated", 1, false)).create();
    templates.create(referencing("fan-a", "for-templates"));
    templates.create(referencing("fan-b", "for-templates"));
    templates.create(referencing("fan-c", "unrelated"));
    for (String name : new String[] {"fan-a", "fan-b", "fan-c"}) {
      templates.awaitReady(name);
    }
    String untouched = digestInEcr("fan-c");
    long updates = env.ecr.callCount("UpdateRepositoryCreationTemplate");

    env.client
        .resources(EcrLifecyclePolicy.class)
        .withName("for-templates")
        .edit(
            p -> {
              p.setSpec(keepUntagged(7));
              return p;
            });

    String edited = DesiredState.sharedCanonical(sharedPolicy("x", 7, false)).digest();
    for (String name : new String[] {"fan-a", "fan-b"}) {
      EcrRepositoryCreationTemplate followed =
          templates.await(name, t -> edited.equals(t.getStatus().getLifecyclePolicy().getDigest()));
      assertTrue(isCondition(followed, Conditions.READY, "True", null));
      assertEquals(edited, digestInEcr(name));
    }
    assertEquals(untouched, digestInEcr("fan-c"));
    assertEquals(updates + 2, env.ecr.callCount("UpdateRepositoryCreationTemplate"));

    // The policy counts the templates that use it, and those that carry its version.
    org.awaitility.Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              var status =
                  env.client
                      .resources(EcrLifecyclePolicy.class)
                      .withName("for-templates")
                      .get()
                      .getStatus();
              return status != null
                  && Long.valueOf(2).equals(status.getTemplates())
                  && Long.valueOf(2).equals(status.getTemplatesInSync())
                  && edited.equals(status.getDigest());
            });
    // Counted by its own pass, which may come after the edited policy's (one a second at most).
    org.awaitility.Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              var unrelated =
                  env.client
                      .resources(EcrLifecyclePolicy.class)
                      .withName("unrelated")
                      .get()
                      .getStatus();
              return unrelated != null && Long.valueOf(1).equals(unrelated.getTemplates());
            });
  }

  @Test
  void aPolicyATemplateNamesIsKeptUntilTheTemplateLetsItGo() {
    env.client.resource(sharedPolicy("guarded", 1, false)).create();
    templates.create(referencing("guarding", "guarded"));
    templates.awaitReady("guarding");
    var policy = env.client.resources(EcrLifecyclePolicy.class).withName("guarded");

    policy.delete();

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              EcrLifecyclePolicy current = policy.get();
              assertTrue(current != null, "deleted while a template names it");
              if (current.getStatus() == null) {
                return false;
              }
              var ready = Conditions.find(current.getStatus().getConditions(), Conditions.READY);
              return ready != null
                  && Reasons.IN_USE.equals(ready.getReason())
                  && ready.getMessage().contains("1 EcrRepositoryCreationTemplates (guarding)");
            });
    assertTrue(isCondition(templates.awaitReady("guarding"), Conditions.READY, "True", null));

    templates
        .resource("guarding")
        .edit(
            t -> {
              t.getSpec().setLifecyclePolicyRef(null);
              t.getSpec().setLifecyclePolicy(keepUntagged(1));
              return t;
            });

    await().atMost(OperatorEnvironment.DEADLINE).until(() -> policy.get() == null);
    assertEquals(
        "inline", templates.awaitReady("guarding").getStatus().getLifecyclePolicy().getSource());
  }

  @Test
  void aPolicyAndItsTemplateDeletedTogetherAreBothGoneAndTheTemplateFromEcr() {
    env.client.resource(sharedPolicy("torn-down", 1, false)).create();
    templates.create(referencing("teardown", "torn-down"));
    templates.awaitReady("teardown");
    var policy = env.client.resources(EcrLifecyclePolicy.class).withName("torn-down");

    policy.delete();
    templates.resource("teardown").delete();

    templates.awaitGone("teardown");
    await().atMost(OperatorEnvironment.DEADLINE).until(() -> policy.get() == null);
    assertTrue(templates.inEcr("teardown").isEmpty());
  }
}
