package dev.operators.ecr.aws;

import static dev.operators.ecr.aws.EmulatedEcr.REGION;
import static dev.operators.ecr.aws.EmulatedEcr.arn;
import static dev.operators.ecr.aws.EmulatedEcr.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Repository settings, tags and repository policies through the port, the SDK and the emulator. */
class SdkEcrPortSettingsTest {
  private static final RepositoryRef APP = new RepositoryRef(REGION, "team/app");
  private static final RepositoryRef MISSING = new RepositoryRef(REGION, "team/missing");
  private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd";
  private static final String PULL_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatedEcr ecr = new EmulatedEcr();
  private final EcrEmulator emulator = ecr.emulator;
  private final SdkEcrPort port = ecr.port;

  @AfterEach
  void stop() {
    ecr.close();
  }

  private RepositorySnapshot stored() {
    return emulator.repository(REGION, APP.name()).orElseThrow();
  }

  @Test
  void createGivesEverySettingAndTheRepositoryCarriesThemBack() {
    var settings =
        new RepositorySettings(
            "IMMUTABLE_WITH_EXCLUSION",
            List.of("release-*", "*-rc", "latest"),
            true,
            new Encryption("KMS", KMS_KEY));

    RepositoryInfo created = port.createRepository(APP, settings, Map.of("team", "a"));

    assertEquals("IMMUTABLE_WITH_EXCLUSION", created.imageTagMutability());
    assertEquals(List.of("release-*", "*-rc", "latest"), created.exclusionFilters(), "ECR's order");
    assertTrue(created.scanOnPush());
    assertEquals(new Encryption("KMS", KMS_KEY), created.encryption());
    assertEquals(created, port.describeRepository(APP).orElseThrow());
    RepositorySnapshot stored = stored();
    assertEquals(
        List.of("release-*", "*-rc", "latest"), stored.imageTagMutabilityExclusionFilters());
    assertTrue(stored.scanOnPush());
    assertEquals("KMS", stored.encryptionType());
    assertEquals(KMS_KEY, stored.kmsKey());
    assertEquals(Map.of("team", "a"), stored.tags());
  }

  @Test
  void settingsLeftOutAreEcrsDefaults() {
    RepositoryInfo created =
        port.createRepository(APP, new RepositorySettings(null, null, null, null), Map.of());

    assertEquals("MUTABLE", created.imageTagMutability());
    assertEquals(List.of(), created.exclusionFilters());
    assertFalse(created.scanOnPush());
    assertEquals(new Encryption("AES256", null), created.encryption());
  }

  @Test
  void kmsWithoutAKeyAndAnEmptyFilterListAreAccepted() {
    RepositoryInfo created =
        port.createRepository(
            APP,
            new RepositorySettings("IMMUTABLE", List.of(), false, new Encryption("KMS", null)),
            Map.of());

    assertEquals("IMMUTABLE", created.imageTagMutability());
    assertEquals(List.of(), created.exclusionFilters());
    assertEquals("KMS", created.encryption().type());
  }

  @Test
  void settingsEcrRefusesAreInvalidRequestsAndCreateNothing() {
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreateRepository",
        "InvalidParameterException",
        () ->
            port.createRepository(
                APP, new RepositorySettings("MUTABLE", List.of("dev-*"), null, null), Map.of()));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreateRepository",
        "InvalidParameterException",
        () ->
            port.createRepository(
                APP,
                new RepositorySettings(null, null, null, new Encryption("AES256", KMS_KEY)),
                Map.of()));
    emulator.failNext(
        "CreateRepository",
        1,
        new Fault("KmsException", 400, "User is not authorized to perform kms:CreateGrant"));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "CreateRepository",
        "KmsException",
        () ->
            port.createRepository(
                APP,
                new RepositorySettings(null, null, null, new Encryption("KMS", KMS_KEY)),
                Map.of()));

    assertTrue(port.describeRepository(APP).isEmpty());
  }

  @Test
  void tagMutabilityAndItsFiltersChange() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    port.putImageTagMutability(APP, "MUTABLE_WITH_EXCLUSION", List.of("v*", "*.final"));
    RepositoryInfo excluded = port.describeRepository(APP).orElseThrow();
    port.putImageTagMutability(APP, "IMMUTABLE", null);
    RepositoryInfo immutable = port.describeRepository(APP).orElseThrow();
    port.putImageTagMutability(APP, "MUTABLE", List.of());
    RepositoryInfo mutable = port.describeRepository(APP).orElseThrow();

    assertEquals("MUTABLE_WITH_EXCLUSION", excluded.imageTagMutability());
    assertEquals(List.of("v*", "*.final"), excluded.exclusionFilters());
    assertEquals("IMMUTABLE", immutable.imageTagMutability());
    assertEquals(List.of(), immutable.exclusionFilters());
    assertEquals("MUTABLE", mutable.imageTagMutability());
    assertEquals(3, emulator.callCount("PutImageTagMutability"));
  }

  @Test
  void tagMutabilityEcrRefusesIsAnInvalidRequest() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    for (List<String> filters :
        List.of(
            List.<String>of(),
            List.of("1", "2", "3", "4", "5", "6"),
            List.of("feature/*"),
            List.of("x".repeat(129)))) {
      fails(
          EcrErrorKind.INVALID_REQUEST,
          "PutImageTagMutability",
          "InvalidParameterException",
          () -> port.putImageTagMutability(APP, "IMMUTABLE_WITH_EXCLUSION", filters));
    }
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "PutImageTagMutability",
        "InvalidParameterException",
        () -> port.putImageTagMutability(APP, "IMMUTABLE", List.of("dev-*")));
    fails(
        EcrErrorKind.NOT_FOUND,
        "PutImageTagMutability",
        "RepositoryNotFoundException",
        () -> port.putImageTagMutability(MISSING, "IMMUTABLE", null));

    assertEquals("MUTABLE", stored().imageTagMutability());
  }

  @Test
  void scanOnPushIsSwitchedOnAndOff() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    port.putImageScanningConfiguration(APP, true);
    boolean on = port.describeRepository(APP).orElseThrow().scanOnPush();
    port.putImageScanningConfiguration(APP, false);

    assertTrue(on);
    assertFalse(port.describeRepository(APP).orElseThrow().scanOnPush());
    fails(
        EcrErrorKind.NOT_FOUND,
        "PutImageScanningConfiguration",
        "RepositoryNotFoundException",
        () -> port.putImageScanningConfiguration(MISSING, true));
  }

  @Test
  void untagRemovesOnlyTheGivenKeys() {
    String arn =
        port.createRepository(APP, RepositorySettings.NONE, Map.of("a", "1", "b", "2", "c", "3"))
            .arn();

    port.untagResource(APP, arn, Set.of("a", "not-there"));

    assertEquals(Map.of("b", "2", "c", "3"), port.listTags(APP, arn));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "UntagResource",
        "InvalidTagParameterException",
        () -> port.untagResource(APP, arn, List.of("aws:reserved")));
    fails(
        EcrErrorKind.NOT_FOUND,
        "UntagResource",
        "RepositoryNotFoundException",
        () -> port.untagResource(MISSING, arn("team/missing"), List.of("b")));
    assertEquals(Map.of("b", "2", "c", "3"), stored().tags());
  }

  @Test
  void aRepositoryPolicyIsSetReadReplacedAndDeleted() throws Exception {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    assertTrue(port.getRepositoryPolicy(APP).isEmpty());
    assertFalse(port.deleteRepositoryPolicy(APP), "there was none");
    port.setRepositoryPolicy(APP, PULL_POLICY);
    String read = port.getRepositoryPolicy(APP).orElseThrow();
    String other = PULL_POLICY.replace("210987654321", "111111111111");
    port.setRepositoryPolicy(APP, other);
    String replaced = port.getRepositoryPolicy(APP).orElseThrow();

    // ECR answers in its own layout: the same document, not the same text.
    assertEquals(JSON.readTree(PULL_POLICY), JSON.readTree(read));
    assertTrue(read.startsWith("{\n  \"Version\" : "), read);
    assertEquals(JSON.readTree(other), JSON.readTree(replaced));
    assertTrue(port.deleteRepositoryPolicy(APP));
    assertTrue(port.getRepositoryPolicy(APP).isEmpty());
    assertFalse(port.deleteRepositoryPolicy(APP));
  }

  @Test
  void aPolicyEcrRefusesIsAnInvalidRequestAndAMissingRepositoryIsNotFound() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    fails(
        EcrErrorKind.INVALID_REQUEST,
        "SetRepositoryPolicy",
        "InvalidParameterException",
        () -> port.setRepositoryPolicy(APP, "{\"Version\": "));
    // Only a missing policy is "not there"; a missing repository is an error.
    fails(
        EcrErrorKind.NOT_FOUND,
        "GetRepositoryPolicy",
        "RepositoryNotFoundException",
        () -> port.getRepositoryPolicy(MISSING));
    fails(
        EcrErrorKind.NOT_FOUND,
        "DeleteRepositoryPolicy",
        "RepositoryNotFoundException",
        () -> port.deleteRepositoryPolicy(MISSING));
    emulator.failNext("SetRepositoryPolicy", 1, Fault.accessDenied());
    fails(
        EcrErrorKind.ACCESS_DENIED,
        "SetRepositoryPolicy",
        "AccessDeniedException",
        () -> port.setRepositoryPolicy(APP, PULL_POLICY));
    assertTrue(port.getRepositoryPolicy(APP).isEmpty());
  }
}
