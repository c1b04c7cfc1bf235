package dev.operators.ecr.aws;

import static dev.operators.ecr.aws.EmulatedEcr.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Pull-through cache rules and repository creation templates through the port and the emulator. */
class SdkEcrPortPullThroughCacheTest {
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub";
  private static final String OTHER_SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/rotated";
  private static final String ROLE = "arn:aws:iam::123456789012:role/cross-account-pull";
  private static final PullThroughCacheRule HUB =
      new PullThroughCacheRule(
          "docker-hub", "registry-1.docker.io", "docker-hub", null, SECRET, null);
  private static final String LIFECYCLE =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}}]}";
  private static final RepositoryCreationTemplate TEAM =
      new RepositoryCreationTemplate(
          "team",
          "team repositories",
          List.of("CREATE_ON_PUSH", "PULL_THROUGH_CACHE"),
          "AES256",
          null,
          "IMMUTABLE_WITH_EXCLUSION",
          List.of("latest"),
          LIFECYCLE,
          null,
          Map.of("team", "payments"),
          null);

  private final EmulatedEcr ecr = new EmulatedEcr();
  private final EcrEmulator emulator = ecr.emulator;
  private final SdkEcrPort port = ecr.port;

  @AfterEach
  void stop() {
    ecr.close();
  }

  private static void fails(EcrErrorKind kind, String operation, String awsCode, Executable call) {
    EcrException e = assertThrows(EcrException.class, call);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(operation, e.operation());
    assertEquals(awsCode, e.awsCode());
  }

  @Test
  void aRuleIsCreatedDescribedUpdatedValidatedAndDeleted() {
    assertEquals(Optional.empty(), port.describePullThroughCacheRule(REGION, "docker-hub"));

    port.createPullThroughCacheRule(REGION, HUB);
    assertEquals(Optional.of(HUB), port.describePullThroughCacheRule(REGION, "docker-hub"));

    port.updatePullThroughCacheRule(REGION, "docker-hub", OTHER_SECRET, null);
    assertEquals(
        OTHER_SECRET,
        port.describePullThroughCacheRule(REGION, "docker-hub").orElseThrow().credentialArn());

    assertEquals(
        new PullThroughCacheValidation(true, null),
        port.validatePullThroughCacheRule(REGION, "docker-hub"));
    emulator.credentialRefused(OTHER_SECRET);
    PullThroughCacheValidation refused = port.validatePullThroughCacheRule(REGION, "docker-hub");
    assertFalse(refused.valid());
    assertTrue(refused.failure().contains(OTHER_SECRET), refused.failure());

    assertTrue(port.deletePullThroughCacheRule(REGION, "docker-hub"));
    assertFalse(port.deletePullThroughCacheRule(REGION, "docker-hub"));
    assertEquals(Optional.empty(), port.describePullThroughCacheRule(REGION, "docker-hub"));
  }

  @Test
  void anEcrUpstreamRuleCarriesItsRoleAndUpstreamPrefix() {
    PullThroughCacheRule rule =
        new PullThroughCacheRule(
            "upstream", "210987654321.dkr.ecr.eu-west-1.amazonaws.com", "ecr", "team", null, ROLE);
    port.createPullThroughCacheRule(REGION, rule);
    assertEquals(Optional.of(rule), port.describePullThroughCacheRule(REGION, "upstream"));
  }

  @Test
  void ruleFailuresHaveTheirKinds() {
    port.createPullThroughCacheRule(REGION, HUB);
    fails(
        EcrErrorKind.ALREADY_EXISTS,
        "CreatePullThroughCacheRule",
        "PullThroughCacheRuleAlreadyExistsException",
        () -> port.createPullThroughCacheRule(REGION, HUB));
    fails(
        EcrErrorKind.NOT_FOUND,
        "ValidatePullThroughCacheRule",
        "PullThroughCacheRuleNotFoundException",
        () -> port.validatePullThroughCacheRule(REGION, "missing"));
    fails(
        EcrErrorKind.NOT_FOUND,
        "UpdatePullThroughCacheRule",
        "PullThroughCacheRuleNotFoundException",
        () -> port.updatePullThroughCacheRule(REGION, "missing", SECRET, null));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreatePullThroughCacheRule",
        "UnsupportedUpstreamRegistryException",
        () ->
            port.createPullThroughCacheRule(
                REGION,
                new PullThroughCacheRule("mine", "registry.example", null, null, null, null)));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreatePullThroughCacheRule",
        "SecretNotFoundException",
        () ->
            port.createPullThroughCacheRule(
                REGION,
                new PullThroughCacheRule(
                    "hub2",
                    "registry-1.docker.io",
                    "docker-hub",
                    null,
                    SECRET.replace("123456789012", "210987654321"),
                    null)));
  }

  @Test
  void theRuleLimitIsAnInvalidRequest() {
    for (int i = 0; i < 50; i++) {
      port.createPullThroughCacheRule(
          REGION, new PullThroughCacheRule("quay" + i, "quay.io", null, null, null, null));
    }
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreatePullThroughCacheRule",
        "LimitExceededException",
        () ->
            port.createPullThroughCacheRule(
                REGION, new PullThroughCacheRule("quay50", "quay.io", null, null, null, null)));
  }

  @Test
  void aTemplateIsCreatedDescribedAsEcrStoresItAndDeleted() {
    assertEquals(Optional.empty(), port.describeRepositoryCreationTemplate(REGION, "team"));

    port.createRepositoryCreationTemplate(REGION, TEAM);

    assertEquals(Optional.of(TEAM), port.describeRepositoryCreationTemplate(REGION, "team"));
    assertEquals(Optional.of(TEAM), port.describeRepositoryCreationTemplate(REGION, "team/"));
    assertTrue(port.deleteRepositoryCreationTemplate(REGION, "team"));
    assertFalse(port.deleteRepositoryCreationTemplate(REGION, "team"));
    assertEquals(Optional.empty(), port.describeRepositoryCreationTemplate(REGION, "team"));
  }

  @Test
  void updateReplacesTheSettingsGivenAndClearsTheEmptyOnes() {
    port.createRepositoryCreationTemplate(REGION, TEAM);

    port.updateRepositoryCreationTemplate(
        REGION,
        new RepositoryCreationTemplate(
            "team", "", List.of("REPLICATION"), null, null, "MUTABLE", null, "", null, null, null));

    RepositoryCreationTemplate updated =
        port.describeRepositoryCreationTemplate(REGION, "team").orElseThrow();
    assertNull(updated.description());
    assertNull(updated.lifecyclePolicy());
    assertEquals(List.of("REPLICATION"), updated.appliedFor());
    assertEquals("MUTABLE", updated.imageTagMutability());
    assertEquals(List.of(), updated.imageTagMutabilityExclusionFilters());
    assertEquals(Map.of(), updated.resourceTags());
    assertEquals("AES256", updated.encryptionType());
  }

  @Test
  void templateFailuresHaveTheirKinds() {
    port.createRepositoryCreationTemplate(REGION, TEAM);
    fails(
        EcrErrorKind.ALREADY_EXISTS,
        "CreateRepositoryCreationTemplate",
        "TemplateAlreadyExistsException",
        () -> port.createRepositoryCreationTemplate(REGION, TEAM));
    fails(
        EcrErrorKind.NOT_FOUND,
        "UpdateRepositoryCreationTemplate",
        "TemplateNotFoundException",
        () ->
            port.updateRepositoryCreationTemplate(
                REGION,
                new RepositoryCreationTemplate(
                    "other", "x", null, null, null, null, null, null, null, null, null)));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreateRepositoryCreationTemplate",
        "InvalidParameterException",
        () ->
            port.createRepositoryCreationTemplate(
                REGION,
                new RepositoryCreationTemplate(
                    "bad",
                    null,
                    List.of("CREATE_ON_PUSH"),
                    null,
                    null,
                    null,
                    null,
                    "{\"rules\":[]}",
                    null,
                    null,
                    null)));
  }

  @Test
  void aTemplateMadeThroughThePortCreatesRepositoriesOnPush() {
    port.createRepositoryCreationTemplate(REGION, TEAM);
    emulator.pushImage(
        REGION, "team/app", "sha256:" + "c".repeat(64), List.of("v1"), EmulatedEcr.T0);

    RepositoryInfo created =
        port.describeRepository(new RepositoryRef(REGION, "team/app")).orElseThrow();
    assertEquals("IMMUTABLE_WITH_EXCLUSION", created.imageTagMutability());
    assertEquals(List.of("latest"), created.exclusionFilters());
  }
}
