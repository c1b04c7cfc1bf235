package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.EcrRepositoryOperatorTest.ref;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EncryptionSpec;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.policy.RepositoryPolicy;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything a repository is: settings, tags, permissions, each kept in sync and drift-corrected.
 */
class RepositorySettingsOperatorTest {
  private static final String KMS_KEY =
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String PULL_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";
  private static final String PUSH_POLICY = PULL_POLICY.replace("\"Pull\"", "\"Push\"");

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  private static EcrRepository everything(String namespace) {
    EcrRepository r = repository(namespace, "api", keepUntagged(1));
    var spec = r.getSpec();
    spec.setImageTagMutability("IMMUTABLE_WITH_EXCLUSION");
    spec.setImageTagMutabilityExclusionFilters(List.of("latest", "dev-*"));
    spec.setScanOnPush(true);
    spec.setEncryption(new EncryptionSpec("KMS", KMS_KEY));
    spec.setTags(Map.of("team", "payments", "cost-center", "42"));
    spec.setRepositoryPolicy(PULL_POLICY);
    return r;
  }

  private static RepositorySnapshot ecr(String name) {
    return env.ecr.repository(REGION, name).orElseThrow();
  }

  @Test
  void everySettingIsCreatedAsDeclared() {
    env.client.resource(everything("all")).create();

    EcrRepository ready = env.awaitReady("all", "api");

    RepositorySnapshot repo = ecr("all/api");
    assertEquals("IMMUTABLE_WITH_EXCLUSION", repo.imageTagMutability());
    assertEquals(Set.of("latest", "dev-*"), Set.copyOf(repo.imageTagMutabilityExclusionFilters()));
    assertTrue(repo.scanOnPush());
    assertEquals("KMS", repo.encryptionType());
    assertEquals(KMS_KEY, repo.kmsKey());
    assertEquals("payments", repo.tags().get("team"));
    assertEquals("42", repo.tags().get("cost-center"));
    assertEquals(
        RepositoryPolicy.parse(PULL_POLICY), RepositoryPolicy.parse(repo.repositoryPolicyText()));
    assertEquals(
        List.of("cost-center", Owner.TAG_KEY, "team"), ready.getStatus().getManagedTagKeys());
    assertEquals(
        RepositoryPolicy.parse(PULL_POLICY).digest(),
        ready.getStatus().getRepositoryPolicyDigest());
  }

  @Test
  void changingEachSettingIsApplied() {
    env.client.resource(everything("change")).create();
    env.awaitReady("change", "api");

    env.resource("change", "api")
        .edit(
            r -> {
              r.getSpec().setImageTagMutability("MUTABLE");
              r.getSpec().setImageTagMutabilityExclusionFilters(null);
              r.getSpec().setScanOnPush(false);
              r.getSpec().setTags(Map.of("team", "checkout"));
              r.getSpec().setRepositoryPolicy(PUSH_POLICY);
              return r;
            });

    env.awaitReady("change", "api");
    RepositorySnapshot repo = ecr("change/api");
    assertEquals("MUTABLE", repo.imageTagMutability());
    assertTrue(repo.imageTagMutabilityExclusionFilters().isEmpty());
    assertFalse(repo.scanOnPush());
    assertEquals("checkout", repo.tags().get("team"));
    assertFalse(repo.tags().containsKey("cost-center"), "a tag dropped from the spec is removed");
    assertEquals(
        RepositoryPolicy.parse(PUSH_POLICY), RepositoryPolicy.parse(repo.repositoryPolicyText()));
    assertTrue(
        reasons(env.events("change", "api"))
            .containsAll(Set.of("Updated", "RepositoryPolicyApplied")));
  }

  @Test
  void driftOnEveryFieldIsRestoredCountedAndNamed() {
    env.client.resource(everything("drift")).create();
    env.awaitReady("drift", "api");
    String arn = ecr("drift/api").arn();

    env.port.putImageTagMutability(ref("drift/api"), "MUTABLE", null);
    env.port.putImageScanningConfiguration(ref("drift/api"), false);
    env.port.tagResource(ref("drift/api"), arn, Map.of("team", "someone-else"));
    env.port.setRepositoryPolicy(ref("drift/api"), PUSH_POLICY);
    env.port.deleteLifecyclePolicy(ref("drift/api"));

    EcrRepository restored =
        env.await(
            "drift",
            "api",
            r ->
                r.getStatus().getDriftCorrections() != null
                    && r.getStatus().getDriftCorrections() >= 5);
    RepositorySnapshot repo = ecr("drift/api");
    assertEquals("IMMUTABLE_WITH_EXCLUSION", repo.imageTagMutability());
    assertTrue(repo.scanOnPush());
    assertEquals("payments", repo.tags().get("team"));
    assertEquals(
        RepositoryPolicy.parse(PULL_POLICY), RepositoryPolicy.parse(repo.repositoryPolicyText()));
    assertTrue(repo.lifecyclePolicyText() != null);
    assertTrue(isCondition(restored, Conditions.READY, "True", null));
    assertTrue(restored.getStatus().getLastDriftCorrection().getTime() != null);
    List<String> messages =
        env.events("drift", "api").stream()
            .filter(e -> "DriftCorrected".equals(e.getReason()))
            .map(Event::getMessage)
            .toList();
    for (String field :
        List.of(
            "imageTagMutability", "scanOnPush", "tags", "repositoryPolicy", "lifecyclePolicy")) {
      assertTrue(
          messages.stream().anyMatch(m -> m.startsWith(field + " was changed")),
          field + " in " + messages);
    }
  }

  @Test
  void tagsOthersAddAndEquivalentPoliciesAreLeftAlone() {
    env.client.resource(everything("others")).create();
    env.awaitReady("others", "api");
    String arn = ecr("others/api").arn();
    env.port.tagResource(ref("others/api"), arn, Map.of("added-by", "finops"));
    // The same permissions written differently: other order, one value as a list, whitespace.
    env.port.setRepositoryPolicy(
        ref("others/api"),
        "{ \"Statement\" : [ { \"Action\" : [\"ecr:GetDownloadUrlForLayer\", \"ecr:BatchGetImage\"],"
            + " \"Principal\" : {\"AWS\" : [\"arn:aws:iam::111122223333:root\"]}, \"Effect\" :"
            + " \"Allow\", \"Sid\" : \"Pull\" } ], \"Version\" : \"2012-10-17\" }");
    env.ecr.resetCalls();

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("GetRepositoryPolicy") >= 4);

    assertEquals("finops", ecr("others/api").tags().get("added-by"));
    assertEquals(0, env.ecr.writeCallCount(), "calls: " + env.ecr.calls());
  }

  @Test
  void droppingTagsAndThePolicyFromTheSpecRemovesOnlyWhatTheOperatorApplied() {
    env.client.resource(everything("drop")).create();
    env.awaitReady("drop", "api");
    env.port.tagResource(ref("drop/api"), ecr("drop/api").arn(), Map.of("added-by", "finops"));

    env.resource("drop", "api")
        .edit(
            r -> {
              r.getSpec().setTags(null);
              r.getSpec().setRepositoryPolicy(null);
              return r;
            });

    EcrRepository ready = env.awaitReady("drop", "api");
    RepositorySnapshot repo = ecr("drop/api");
    assertEquals(Set.of(Owner.TAG_KEY, "added-by"), repo.tags().keySet());
    assertNull(repo.repositoryPolicyText());
    assertNull(ready.getStatus().getRepositoryPolicyDigest());
    assertEquals(List.of(Owner.TAG_KEY), ready.getStatus().getManagedTagKeys());
  }

  @Test
  void anEncryptionMismatchIsReportedNeverFixedByRecreating() {
    env.port.createRepository(ref("legacy/api"), RepositorySettings.NONE, Map.of());
    EcrRepository adopt = everything("legacy");
    adopt.getSpec().setAdopt(true);
    env.client.resource(adopt).create();

    EcrRepository stalled =
        env.await(
            "legacy", "api", r -> isCondition(r, Conditions.STALLED, "True", "EncryptionMismatch"));

    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("AES256") && message.contains("KMS"), message);
    assertEquals(
        1,
        env.ecr.repositories(REGION).stream().filter(r -> r.name().equals("legacy/api")).count());
    assertEquals("AES256", ecr("legacy/api").encryptionType());
    assertTrue(ecr("legacy/api").scanOnPush(), "the other settings are still applied");
  }

  @Test
  void twoResourcesNamingOneRepositoryNeverShareIt() {
    EcrRepository first = repository("first", "api", keepUntagged(1));
    first.getSpec().setRepositoryName("shared/api");
    EcrRepository second = repository("second", "api", keepUntagged(2));
    second.getSpec().setRepositoryName("shared/api");
    env.client.resource(first).create();
    env.client.resource(second).create();

    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () ->
                (isCondition(env.get("first", "api"), Conditions.READY, "True", null)
                        && isCondition(
                            env.get("second", "api"),
                            Conditions.STALLED,
                            "True",
                            "OwnershipConflict"))
                    || (isCondition(env.get("second", "api"), Conditions.READY, "True", null)
                        && isCondition(
                            env.get("first", "api"),
                            Conditions.STALLED,
                            "True",
                            "OwnershipConflict")));
    String winner =
        isCondition(env.get("first", "api"), Conditions.READY, "True", null) ? "first" : "second";
    assertEquals("default/" + winner + "/api", ecr("shared/api").tags().get(Owner.TAG_KEY));
    String policy = ecr("shared/api").lifecyclePolicyText();
    assertTrue(policy.contains("\"countNumber\":" + ("first".equals(winner) ? 1 : 2)), policy);
  }

  @Test
  void eachResourceMayNameItsOwnRegion() {
    EcrRepository us = repository("regions", "api", keepUntagged(1));
    us.getSpec().setRegion("us-east-1");
    env.client.resource(us).create();

    EcrRepository ready = env.awaitReady("regions", "api");

    assertEquals("us-east-1", ready.getStatus().getRegion());
    assertTrue(ready.getStatus().getRepositoryArn().startsWith("arn:aws:ecr:us-east-1:"));
    assertTrue(env.ecr.repository("us-east-1", "regions/api").isPresent());
    assertFalse(env.ecr.repository(REGION, "regions/api").isPresent());
  }

  @Test
  void withoutTheTenancyGuardAnyNameIsAllowed() {
    EcrRepository foreign = repository("tenant-a", "api", null);
    foreign.getSpec().setRepositoryName("tenant-b/api");
    env.client.resource(foreign).create();

    env.awaitReady("tenant-a", "api");
  }

  static Set<String> reasons(List<Event> events) {
    return events.stream().map(Event::getReason).collect(Collectors.toSet());
  }
}
