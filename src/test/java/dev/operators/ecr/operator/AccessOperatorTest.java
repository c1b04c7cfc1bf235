package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.Accesses.ACCOUNT_A;
import static dev.operators.ecr.operator.Accesses.ACCOUNT_B;
import static dev.operators.ecr.operator.Accesses.ROLE_A;
import static dev.operators.ecr.operator.Accesses.ROLE_B;
import static dev.operators.ecr.operator.Accesses.access;
import static dev.operators.ecr.operator.Accesses.namespace;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which AWS identity acts, end to end with the operator's own credentials allowed for what no
 * EcrAccess serves (the default): each namespace lands in its access's account, a resource that two
 * accesses serve or that would move to another account is refused without a write, and the target
 * account's throttling and refusals stay its own.
 */
class AccessOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create().accounts(ACCOUNT_A, ACCOUNT_B);

  @Test
  void twoNamespacesLandInTheAccountsOfTheirAccesses() {
    env.client.resource(access("lands-a", ROLE_A, "namespaces: [lands-a]")).create();
    env.client
        .resource(access("lands-b", ROLE_B, "namespaceSelector: {matchLabels: {lands: b}}"))
        .create();
    env.client.resource(namespace("lands-b", Map.of("lands", "b"))).create();
    env.client.resource(repository("lands-a", "api", keepUntagged(1))).create();
    env.client.resource(repository("lands-b", "api", keepUntagged(1))).create();
    env.client.resource(repository("lands-ambient", "api", keepUntagged(1))).create();

    EcrRepository a = env.awaitReady("lands-a", "api");
    EcrRepository b = env.awaitReady("lands-b", "api");
    EcrRepository ambient = env.awaitReady("lands-ambient", "api");

    assertEquals(ACCOUNT_A, a.getStatus().getRegistryId());
    assertEquals("lands-a", a.getStatus().getAccess().getName());
    assertEquals(ROLE_A, a.getStatus().getAccess().getRoleArn());
    assertNull(a.getStatus().getAccess().getAmbient());
    assertEquals(ACCOUNT_B, b.getStatus().getRegistryId());
    assertEquals("lands-b", b.getStatus().getAccess().getName());
    assertEquals(EcrEmulator.DEFAULT_ACCOUNT_ID, ambient.getStatus().getRegistryId());
    assertEquals(Boolean.TRUE, ambient.getStatus().getAccess().getAmbient());
    assertNull(ambient.getStatus().getAccess().getName());

    // Each repository is in its own account's registry only.
    assertIn(ACCOUNT_A, "lands-a/api");
    assertIn(ACCOUNT_B, "lands-b/api");
    assertTrue(env.ecr.repository(REGION, "lands-ambient/api").isPresent());
    assertTrue(env.ecr.repository(REGION, "lands-a/api").isEmpty());
    assertTrue(env.ecr.repository(REGION, "lands-b/api").isEmpty());
  }

  @Test
  void theAccessesRegionIsTheDefaultOfTheResourcesItServes() {
    env.client
        .resource(access("elsewhere", ROLE_A, "namespaces: [elsewhere]", "region: eu-central-1"))
        .create();
    env.client.resource(repository("elsewhere", "api", keepUntagged(1))).create();

    EcrRepository ready = env.awaitReady("elsewhere", "api");

    assertEquals("eu-central-1", ready.getStatus().getRegion());
    assertTrue(env.emulator(ACCOUNT_A).repository("eu-central-1", "elsewhere/api").isPresent());
    assertTrue(env.emulator(ACCOUNT_A).repository(REGION, "elsewhere/api").isEmpty());
  }

  @Test
  void twoAccessesServingOneResourceAreRefusedWithoutAWrite() {
    env.client.resource(access("both-1", ROLE_A, "namespaces: [both]")).create();
    env.client
        .resource(access("both-2", ROLE_B, "namespaceSelector: {matchLabels: {both: yes}}"))
        .create();
    env.client.resource(namespace("both", Map.of("both", "yes"))).create();
    env.client.resource(repository("both", "api", keepUntagged(1))).create();

    EcrRepository stalled =
        env.await(
            "both",
            "api",
            r -> isCondition(r, Conditions.STALLED, "True", Reasons.AMBIGUOUS_ACCESS));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("both-1 and both-2"), message);
    assertNoRepositoryAnywhere("both/api");

    // Deleting one of them resolves it.
    env.client.resources(EcrAccess.class).withName("both-2").delete();
    EcrRepository ready = env.awaitReady("both", "api");
    assertEquals(ACCOUNT_A, ready.getStatus().getRegistryId());
  }

  @Test
  void aNamespaceRelabelledToAnotherAccountIsRefusedAndNothingMoves() {
    env.client
        .resource(access("move-a", ROLE_A, "namespaceSelector: {matchLabels: {move: a}}"))
        .create();
    env.client
        .resource(access("move-b", ROLE_B, "namespaceSelector: {matchLabels: {move: b}}"))
        .create();
    env.client.resource(namespace("move", Map.of("move", "a"))).create();
    env.client.resource(repository("move", "api", keepUntagged(1))).create();
    assertEquals(ACCOUNT_A, env.awaitReady("move", "api").getStatus().getRegistryId());
    String policyBefore = inAccount(ACCOUNT_A, "move/api").lifecyclePolicyText();

    env.client.namespaces().withName("move").edit(n -> relabel(n, Map.of("move", "b")));
    EcrRepository stalled =
        env.await(
            "move",
            "api",
            r -> isCondition(r, Conditions.STALLED, "True", Reasons.ACCOUNT_CHANGED));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("lives in AWS account " + ACCOUNT_A), message);
    assertTrue(message.contains("acts in account " + ACCOUNT_B), message);
    assertTrue(message.contains("delete this resource and create it again"), message);
    assertEquals(ACCOUNT_A, stalled.getStatus().getRegistryId());

    // A spec change meanwhile is written nowhere: the pass that saw it stalled.
    long changed =
        env.resource("move", "api").edit(r -> withPolicy(r, 5)).getMetadata().getGeneration();
    env.await(
        "move",
        "api",
        r ->
            isCondition(r, Conditions.STALLED, "True", Reasons.ACCOUNT_CHANGED)
                && Long.valueOf(changed).equals(r.getStatus().getObservedGeneration()));
    assertEquals(policyBefore, inAccount(ACCOUNT_A, "move/api").lifecyclePolicyText());
    assertTrue(env.emulator(ACCOUNT_B).repository(REGION, "move/api").isEmpty());

    // Restoring the label lets it go on, in its account.
    env.client.namespaces().withName("move").edit(n -> relabel(n, Map.of("move", "a")));
    env.awaitReady("move", "api");
    assertTrue(inAccount(ACCOUNT_A, "move/api").lifecyclePolicyText().contains("5"));
  }

  @Test
  void anotherAccessOfTheSameAccountTakesOver() {
    String otherRoleOfA = "arn:aws:iam::" + ACCOUNT_A + ":role/ecr-platform";
    env.client
        .resource(access("same-1", ROLE_A, "namespaceSelector: {matchLabels: {same: one}}"))
        .create();
    env.client
        .resource(access("same-2", otherRoleOfA, "namespaceSelector: {matchLabels: {same: two}}"))
        .create();
    env.client.resource(namespace("same", Map.of("same", "one"))).create();
    env.client.resource(repository("same", "api", keepUntagged(1))).create();
    assertEquals("same-1", env.awaitReady("same", "api").getStatus().getAccess().getName());

    env.client.namespaces().withName("same").edit(n -> relabel(n, Map.of("same", "two")));

    EcrRepository moved =
        env.await(
            "same",
            "api",
            r ->
                isCondition(r, Conditions.READY, "True", null)
                    && "same-2".equals(r.getStatus().getAccess().getName()));
    assertEquals(otherRoleOfA, moved.getStatus().getAccess().getRoleArn());
    assertEquals(ACCOUNT_A, moved.getStatus().getRegistryId());
  }

  @Test
  void theResourceSelectorServesOnlyTheLabelledResources() {
    env.client
        .resource(
            access(
                "narrow",
                ROLE_B,
                "namespaces: [narrow]",
                "resourceSelector: {matchLabels: {app: api}}"))
        .create();
    EcrRepository labelled = repository("narrow", "api", keepUntagged(1));
    labelled.getMetadata().setLabels(Map.of("app", "api"));
    env.client.resource(labelled).create();
    env.client.resource(repository("narrow", "web", keepUntagged(1))).create();

    assertEquals(ACCOUNT_B, env.awaitReady("narrow", "api").getStatus().getRegistryId());
    EcrRepository web = env.awaitReady("narrow", "web");
    assertEquals(EcrEmulator.DEFAULT_ACCOUNT_ID, web.getStatus().getRegistryId());
    assertEquals(Boolean.TRUE, web.getStatus().getAccess().getAmbient());
  }

  @Test
  void throttlingInTheTargetAccountIsRetriedAndTheOtherAccountIsUnaffected() {
    env.client.resource(access("slow-a", ROLE_A, "namespaces: [slow-a]")).create();
    env.client.resource(access("slow-b", ROLE_B, "namespaces: [slow-b]")).create();
    env.emulator(ACCOUNT_A).failAlways("PutLifecyclePolicy", Fault.throttling());
    env.client.resource(repository("slow-a", "api", keepUntagged(1))).create();
    env.client.resource(repository("slow-b", "api", keepUntagged(1))).create();

    EcrRepository retrying =
        env.await(
            "slow-a", "api", r -> isCondition(r, Conditions.READY, "False", Reasons.THROTTLED));
    assertTrue(isCondition(retrying, Conditions.STALLED, "False", null));
    assertEquals(ACCOUNT_B, env.awaitReady("slow-b", "api").getStatus().getRegistryId());

    env.emulator(ACCOUNT_A).clearFaults();
    assertEquals(ACCOUNT_A, env.awaitReady("slow-a", "api").getStatus().getRegistryId());
  }

  @Test
  void accessDeniedInTheTargetAccountNamesTheRoleAndTheAccount() {
    env.client.resource(access("deny-a", ROLE_A, "namespaces: [deny-a]")).create();
    env.client.resource(access("deny-b", ROLE_B, "namespaces: [deny-b]")).create();
    env.emulator(ACCOUNT_A).failAlways("CreateRepository", Fault.accessDenied());
    env.client.resource(repository("deny-a", "api", keepUntagged(1))).create();
    env.client.resource(repository("deny-b", "api", keepUntagged(1))).create();

    EcrRepository stalled =
        env.await(
            "deny-a",
            "api",
            r -> isCondition(r, Conditions.STALLED, "True", Reasons.ACCESS_DENIED));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("ecr:CreateRepository"), message);
    assertTrue(message.contains("role " + ROLE_A + " in account " + ACCOUNT_A), message);
    assertEquals(ACCOUNT_B, env.awaitReady("deny-b", "api").getStatus().getRegistryId());
    // One team's denied role does not make the operator unready.
    assertTrue(env.operator().readiness().ready(), env.operator().readiness().report());

    env.emulator(ACCOUNT_A).clearFaults();
    env.awaitReady("deny-a", "api");
  }

  @Test
  void registryLevelResourcesAreServedByTheClusterResourceSelectorPerAccount() {
    env.client
        .resource(
            access("cluster-b", ROLE_B, "clusterResourceSelector: {matchLabels: {account: b}}"))
        .create();
    Templates templates = Templates.in(env);
    templates.create(Templates.template("shared-ambient", "shared", s -> {}));
    EcrRepositoryCreationTemplate inB = Templates.template("shared-b", "shared", s -> {});
    inB.getMetadata().setLabels(Map.of("account", "b"));
    templates.create(inB);

    // One prefix in two accounts: two settings, no claim conflict.
    EcrRepositoryCreationTemplate ambient = templates.awaitReady("shared-ambient");
    EcrRepositoryCreationTemplate b = templates.awaitReady("shared-b");
    assertEquals(EcrEmulator.DEFAULT_ACCOUNT_ID, ambient.getStatus().getRegistryId());
    assertEquals(Boolean.TRUE, ambient.getStatus().getAccess().getAmbient());
    assertEquals(ACCOUNT_B, b.getStatus().getRegistryId());
    assertEquals("cluster-b", b.getStatus().getAccess().getName());
    assertTrue(templates.inEcr("shared").isPresent());
    assertTrue(
        env.port(ACCOUNT_B).describeRepositoryCreationTemplate(REGION, "shared").isPresent());
  }

  @Test
  void aRegistryLevelResourceRelabelledToAnotherAccountIsRefused() {
    env.client
        .resource(access("moving-a", ROLE_A, "clusterResourceSelector: {matchLabels: {moving: a}}"))
        .create();
    env.client
        .resource(access("moving-b", ROLE_B, "clusterResourceSelector: {matchLabels: {moving: b}}"))
        .create();
    Templates templates = Templates.in(env);
    EcrRepositoryCreationTemplate template = Templates.template("moving", "moving", s -> {});
    template.getMetadata().setLabels(Map.of("moving", "a"));
    templates.create(template);
    assertEquals(ACCOUNT_A, templates.awaitReady("moving").getStatus().getRegistryId());

    // Its own labels, alone, move it (a label change gets a pass: ReconcileRequestsTest).
    templates
        .resource("moving")
        .edit(
            t -> {
              t.getMetadata().setLabels(Map.of("moving", "b"));
              return t;
            });
    templates.await(
        "moving",
        t -> SettingResources.isCondition(t, Conditions.STALLED, "True", Reasons.ACCOUNT_CHANGED));
    // A spec change meanwhile is written in neither account.
    templates
        .resource("moving")
        .edit(
            t -> {
              t.getSpec().setDescription("moved");
              return t;
            });

    EcrRepositoryCreationTemplate stalled =
        templates.await(
            "moving",
            t ->
                SettingResources.isCondition(
                    t, Conditions.STALLED, "True", Reasons.ACCOUNT_CHANGED));
    String message = SettingResources.condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("lives in AWS account " + ACCOUNT_A), message);
    assertTrue(env.port(ACCOUNT_B).describeRepositoryCreationTemplate(REGION, "moving").isEmpty());
    assertNotEquals(
        "moved",
        env.port(ACCOUNT_A)
            .describeRepositoryCreationTemplate(REGION, "moving")
            .orElseThrow()
            .description());
  }

  private static void assertIn(String account, String name) {
    RepositorySnapshot repository = inAccount(account, name);
    assertEquals(account, repository.registryId());
  }

  private static RepositorySnapshot inAccount(String account, String name) {
    return env.emulator(account).repository(REGION, name).orElseThrow();
  }

  // After the pass that stalled the resource: it wrote nothing in any account.
  private static void assertNoRepositoryAnywhere(String name) {
    assertTrue(env.ecr.repository(REGION, name).isEmpty());
    assertFalse(env.emulator(ACCOUNT_A).repository(REGION, name).isPresent());
    assertFalse(env.emulator(ACCOUNT_B).repository(REGION, name).isPresent());
  }

  private static io.fabric8.kubernetes.api.model.Namespace relabel(
      io.fabric8.kubernetes.api.model.Namespace namespace, Map<String, String> labels) {
    namespace.getMetadata().setLabels(labels);
    return namespace;
  }

  private static EcrRepository withPolicy(EcrRepository r, long keep) {
    r.getSpec().setLifecyclePolicy(keepUntagged(keep));
    return r;
  }
}
