package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.Accesses.ACCOUNT_A;
import static dev.operators.ecr.operator.Accesses.ROLE_A;
import static dev.operators.ecr.operator.Accesses.access;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.deletable;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code --ambient-credentials=none} and some namespaces watched: what no EcrAccess serves is
 * refused, a resource whose access is gone is released or kept at deletion by its policy, and each
 * EcrAccess reports whether its spec is usable.
 */
class AccessWithoutAmbientOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create()
          .settings(
              OperatorSettings.builder()
                  .ambientCredentials(AmbientCredentials.NONE)
                  // Only some namespaces watched: the namespaces' labels are still read.
                  .namespaces(Set.of("nobody", "gone", "anywhere", "labelled")))
          .accounts(ACCOUNT_A);

  @Test
  void whatNoAccessServesIsStalledAndNothingIsWritten() {
    env.client.resource(repository("nobody", "api", keepUntagged(1))).create();
    Templates templates = Templates.in(env);
    templates.create(Templates.template("nobodys", "nobodys", s -> {}));

    EcrRepository stalled =
        env.await(
            "nobody", "api", r -> isCondition(r, Conditions.STALLED, "True", Reasons.NO_ACCESS));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("namespace nobody"), message);
    assertTrue(message.contains("no EcrAccess serves this resource"), message);
    assertTrue(message.contains("--ambient-credentials=none"), message);
    EcrRepositoryCreationTemplate template =
        templates.await(
            "nobodys",
            t -> SettingResources.isCondition(t, Conditions.STALLED, "True", Reasons.NO_ACCESS));
    assertTrue(
        SettingResources.condition(template, Conditions.READY)
            .getMessage()
            .contains("a registry-level resource"));
    assertTrue(env.ecr.repository(REGION, "nobody/api").isEmpty());
    assertTrue(templates.inEcr("nobodys").isEmpty());
    assertEquals(0, env.ecr.writeCallCount());

    // An access that serves it lets it go on.
    env.client.resource(access("nobody", ROLE_A, "namespaces: [nobody]")).create();
    assertEquals(ACCOUNT_A, env.awaitReady("nobody", "api").getStatus().getRegistryId());
  }

  @Test
  void aNamespaceSelectedByItsLabelsIsServedWhenOnlySomeNamespacesAreWatched() {
    env.client
        .resource(access("labelled", ROLE_A, "namespaceSelector: {matchLabels: {team: x}}"))
        .create();
    env.client.resource(Accesses.namespace("labelled", Map.of("team", "x"))).create();
    env.client.resource(repository("labelled", "api", keepUntagged(1))).create();

    EcrRepository ready = env.awaitReady("labelled", "api");
    assertEquals(ACCOUNT_A, ready.getStatus().getRegistryId());
    assertEquals("labelled", ready.getStatus().getAccess().getName());
  }

  @Test
  void withItsAccessGoneRetainIsReleasedAndDeleteWaits() {
    env.client.resource(access("gone", ROLE_A, "namespaces: [gone]")).create();
    env.client.resource(repository("gone", "kept", keepUntagged(1))).create();
    env.client.resource(deletable("gone", "dropped", keepUntagged(1), false)).create();
    env.awaitReady("gone", "kept");
    env.awaitReady("gone", "dropped");

    env.client.resources(EcrAccess.class).withName("gone").delete();
    env.resource("gone", "kept").delete();
    env.resource("gone", "dropped").delete();

    // Retain: the resource goes, its repository stays in its account, untouched (owner tag kept).
    env.awaitGone("gone", "kept");
    var kept = env.emulator(ACCOUNT_A).repository(REGION, "gone/kept").orElseThrow();
    assertTrue(kept.tags().containsKey(Owner.TAG_KEY), kept.tags().toString());
    // Delete: kept, Stalled, saying what to do.
    EcrRepository waiting = env.await("gone", "dropped", r -> isStalledNow(r, Reasons.NO_ACCESS));
    String message = condition(waiting, Conditions.READY).getMessage();
    assertTrue(message.contains("keeps its finalizer"), message);
    assertTrue(message.contains("spec.deletionPolicy: Retain"), message);
    assertTrue(env.emulator(ACCOUNT_A).repository(REGION, "gone/dropped").isPresent());

    // The access back: the deletion completes in its account.
    env.client.resource(access("gone", ROLE_A, "namespaces: [gone]")).create();
    env.awaitGone("gone", "dropped");
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.emulator(ACCOUNT_A).repository(REGION, "gone/dropped").isEmpty());
  }

  @Test
  void aRegistryLevelResourceWithoutAccessKeepsItsSettingUntilRetained() {
    env.client
        .resource(access("tpl", ROLE_A, "clusterResourceSelector: {matchLabels: {tpl: a}}"))
        .create();
    Templates templates = Templates.in(env);
    EcrRepositoryCreationTemplate template =
        Templates.template("tpl", "tpl", s -> s.setDeletionPolicy(DeletionPolicy.Delete));
    template.getMetadata().setLabels(Map.of("tpl", "a"));
    templates.create(template);
    assertEquals(ACCOUNT_A, templates.awaitReady("tpl").getStatus().getRegistryId());

    env.client.resources(EcrAccess.class).withName("tpl").delete();
    templates.resource("tpl").delete();

    EcrRepositoryCreationTemplate waiting =
        templates.await(
            "tpl",
            t ->
                t.getStatus() != null
                    && Reasons.NO_ACCESS.equals(
                        SettingResources.condition(t, Conditions.STALLED).getReason())
                    && SettingResources.condition(t, Conditions.STALLED)
                        .getMessage()
                        .contains("keeps its finalizer"));
    String message = SettingResources.condition(waiting, Conditions.READY).getMessage();
    assertTrue(message.contains("keeps its finalizer"), message);
    assertTrue(env.port(ACCOUNT_A).describeRepositoryCreationTemplate(REGION, "tpl").isPresent());

    // Retain: released, the template left in its account.
    templates
        .resource("tpl")
        .edit(
            t -> {
              t.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
              return t;
            });
    templates.awaitGone("tpl");
    assertTrue(env.port(ACCOUNT_A).describeRepositoryCreationTemplate(REGION, "tpl").isPresent());
  }

  @Test
  void eachAccessReportsItsAccountOrWhatIsWrongAndAnInvalidOneRefusesWhatItMayServe() {
    env.client.resource(access("fine", ROLE_A, "namespaces: [fine]")).create();
    env.client
        .resource(
            access(
                "broken",
                ROLE_A,
                "namespaceSelector: {matchExpressions: [{key: team, operator: Equals, values: [x]}]}"))
        .create();
    env.client.resource(repository("anywhere", "api", keepUntagged(1))).create();

    EcrAccess fine = awaitAccess("fine", Conditions.READY, "True");
    assertEquals(ACCOUNT_A, fine.getStatus().getAccount());
    assertEquals(fine.getMetadata().getGeneration(), fine.getStatus().getObservedGeneration());
    EcrAccess broken = awaitAccess("broken", Conditions.STALLED, "True");
    Condition stalled = Conditions.find(broken.getStatus().getConditions(), Conditions.STALLED);
    assertEquals(Reasons.INVALID_SPEC, stalled.getReason());
    assertTrue(
        stalled.getMessage().contains("spec.namespaceSelector.matchExpressions[0].operator"),
        stalled.getMessage());

    // Its selector unreadable, it may serve any namespace: their resources wait for it.
    EcrRepository refused =
        env.await(
            "anywhere",
            "api",
            r -> isCondition(r, Conditions.STALLED, "True", Reasons.INVALID_ACCESS));
    assertTrue(condition(refused, Conditions.READY).getMessage().contains("EcrAccess broken"));

    env.client.resources(EcrAccess.class).withName("broken").delete();
    env.await(
        "anywhere", "api", r -> isCondition(r, Conditions.STALLED, "True", Reasons.NO_ACCESS));
  }

  // Stalled with that reason at deletion, whatever the generation.
  private static boolean isStalledNow(EcrRepository r, String reason) {
    if (r.getStatus() == null) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), Conditions.STALLED);
    // The pass of the deletion, not an earlier one that saw only the access gone.
    return c != null
        && "True".equals(c.getStatus())
        && reason.equals(c.getReason())
        && c.getMessage().contains("keeps its finalizer");
  }

  private static EcrAccess awaitAccess(String name, String type, String status) {
    EcrAccess[] seen = new EcrAccess[1];
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              seen[0] = env.client.resources(EcrAccess.class).withName(name).get();
              if (seen[0] == null || seen[0].getStatus() == null) {
                return false;
              }
              Condition c = Conditions.find(seen[0].getStatus().getConditions(), type);
              return c != null && status.equals(c.getStatus());
            });
    assertNotNull(seen[0]);
    return seen[0];
  }
}
