package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The emulator plays several AWS accounts, through the real SDK: each key's requests land in its
 * account's registries, STS AssumeRole issues keys of the role's account, and keys that are unknown
 * or expired are refused as AWS refuses them.
 */
class EcrEmulatorAccountsTest {
  private static final String DEFAULT = "123456789012";
  private static final String B = "210987654321";
  private static final String ROLE_B = "arn:aws:iam::" + B + ":role/team-b";
  private static final String REGION = EmulatorFixture.REGION;

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrEmulator emulator = fixture.emulator;

  @AfterEach
  void close() {
    fixture.close();
  }

  private EcrClient ecr(AwsCredentials credentials) {
    return local(EcrClient.builder(), credentials);
  }

  private StsClient sts(AwsCredentials credentials) {
    return local(StsClient.builder(), credentials);
  }

  // A client of the emulator signing with the given credentials, never retrying.
  private <B extends AwsClientBuilder<B, C>, C> C local(B builder, AwsCredentials credentials) {
    return builder
        .endpointOverride(emulator.endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static AwsCredentials key(String id) {
    return AwsBasicCredentials.create(id, "secret");
  }

  private AwsSessionCredentials assume(String roleArn, String externalId, List<Tag> tags) {
    try (StsClient sts = sts(key("base"))) {
      AssumeRoleResponse answer =
          sts.assumeRole(
              r -> r.roleArn(roleArn).roleSessionName("test").externalId(externalId).tags(tags));
      return AwsSessionCredentials.create(
          answer.credentials().accessKeyId(),
          answer.credentials().secretAccessKey(),
          answer.credentials().sessionToken());
    }
  }

  @Test
  void theSameNameInTwoAccountsIsTwoRepositories() {
    emulator.addUser("team-b-key", B);
    try (EcrClient a = ecr(key("anything"));
        EcrClient b = ecr(key("team-b-key"))) {
      Repository inA = a.createRepository(r -> r.repositoryName("app")).repository();
      Repository inB = b.createRepository(r -> r.repositoryName("app")).repository();
      b.createRepository(r -> r.repositoryName("only-b"));

      assertEquals("arn:aws:ecr:eu-west-1:" + DEFAULT + ":repository/app", inA.repositoryArn());
      assertEquals("arn:aws:ecr:eu-west-1:" + B + ":repository/app", inB.repositoryArn());
      assertEquals(B + ".dkr.ecr.eu-west-1.amazonaws.com/app", inB.repositoryUri());
      assertEquals(B, inB.registryId());
      assertEquals(
          List.of("app"),
          a.describeRepositories().repositories().stream()
              .map(Repository::repositoryName)
              .toList());
      assertEquals(
          List.of("app", "only-b"),
          b.describeRepositories().repositories().stream()
              .map(Repository::repositoryName)
              .toList());
      a.deleteRepository(r -> r.repositoryName("app"));
      assertEquals(1, b.describeRepositories(r -> r.repositoryNames("app")).repositories().size());
      assertEquals(List.of("only-b"), List.of(emulator.repositories(B, REGION).get(1).name()));
      assertEquals(List.of(), emulator.repositories(REGION));
      assertEquals(2, emulator.callCount(B, "DescribeRepositories"));
      assertEquals(1, emulator.callCount(DEFAULT, "DescribeRepositories"));
      assertEquals(2, emulator.callCount(B, "CreateRepository"));
      assertEquals(1, emulator.callCount(DEFAULT, "CreateRepository"));
      assertEquals(3, emulator.callCount("CreateRepository"));
    }
  }

  @Test
  void anAssumedRolesKeysLandInTheRolesAccount() {
    emulator.createRole(ROLE_B, null);
    try (EcrClient a = ecr(key("x"))) {
      a.createRepository(r -> r.repositoryName("default-only"));
    }
    AwsSessionCredentials session = assume(ROLE_B, null, List.of());
    assertTrue(session.accessKeyId().startsWith("ASIA"), session.accessKeyId());
    try (EcrClient b = ecr(session);
        StsClient sts = sts(session)) {
      Repository created = b.createRepository(r -> r.repositoryName("team-b/app")).repository();
      assertEquals(B, created.registryId());
      assertEquals(
          List.of("team-b/app"),
          b.describeRepositories().repositories().stream()
              .map(Repository::repositoryName)
              .toList());
      GetCallerIdentityResponse identity = sts.getCallerIdentity();
      assertEquals(B, identity.account());
      assertEquals("arn:aws:sts::" + B + ":assumed-role/team-b/test", identity.arn());
      assertTrue(identity.userId().endsWith(":test"), identity.userId());
    }
    try (StsClient sts = sts(key("x"))) {
      GetCallerIdentityResponse identity = sts.getCallerIdentity();
      assertEquals(DEFAULT, identity.account());
      assertEquals("arn:aws:iam::" + DEFAULT + ":user/emulated", identity.arn());
      assertEquals("x", identity.userId());
    }
    assertEquals(1, emulator.callCount(DEFAULT, "AssumeRole"));
    assertEquals(1, emulator.callCount(B, "GetCallerIdentity"));
    assertEquals(2, emulator.callCount("GetCallerIdentity"));
  }

  @Test
  void assumeRoleAnswersAsTheModelSays() {
    emulator.createRole(ROLE_B, "secret-id");
    try (StsClient sts = sts(key("x"))) {
      AssumeRoleResponse answer =
          sts.assumeRole(
              r ->
                  r.roleArn(ROLE_B)
                      .roleSessionName("ecr-operator")
                      .externalId("secret-id")
                      .durationSeconds(900)
                      .tags(Tag.builder().key("team").value("b").build()));
      assertEquals(
          EmulatorFixture.T0.plus(Duration.ofSeconds(900)), answer.credentials().expiration());
      assertEquals(
          "arn:aws:sts::" + B + ":assumed-role/team-b/ecr-operator",
          answer.assumedRoleUser().arn());
      assertTrue(answer.packedPolicySize() > 0);
      assertEquals(List.of(Map.of("team", "b")), emulator.sessionTags(ROLE_B));

      AwsServiceException noExternalId =
          assertThrows(
              AwsServiceException.class,
              () -> sts.assumeRole(r -> r.roleArn(ROLE_B).roleSessionName("s1")));
      assertEquals("AccessDenied", noExternalId.awsErrorDetails().errorCode());
      assertEquals(403, noExternalId.statusCode());
      assertEquals(
          "User: arn:aws:iam::"
              + DEFAULT
              + ":user/emulated is not authorized to perform: sts:AssumeRole on resource: "
              + ROLE_B,
          noExternalId.awsErrorDetails().errorMessage());
      AwsServiceException wrong =
          assertThrows(
              AwsServiceException.class,
              () -> sts.assumeRole(r -> r.roleArn(ROLE_B).roleSessionName("s1").externalId("no")));
      assertEquals("AccessDenied", wrong.awsErrorDetails().errorCode());
      AwsServiceException unknown =
          assertThrows(
              AwsServiceException.class,
              () ->
                  sts.assumeRole(
                      r -> r.roleArn("arn:aws:iam::" + B + ":role/absent").roleSessionName("s1")));
      assertEquals("AccessDenied", unknown.awsErrorDetails().errorCode());
      List<Tag> tooMany =
          IntStream.rangeClosed(1, 51)
              .mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
              .toList();
      List<Consumer<AssumeRoleRequest.Builder>> invalid =
          List.of(
              r -> r.durationSeconds(899),
              r -> r.durationSeconds(43_201),
              r -> r.tags(tooMany),
              r -> r.tags(Tag.builder().key("no#hash").value("v").build()),
              r -> r.roleSessionName("no spaces"));
      for (Consumer<AssumeRoleRequest.Builder> change : invalid) {
        AwsServiceException refused =
            assertThrows(
                AwsServiceException.class,
                () ->
                    sts.assumeRole(
                        r ->
                            change.accept(
                                r.roleArn(ROLE_B).roleSessionName("s1").externalId("secret-id"))));
        assertEquals("ValidationError", refused.awsErrorDetails().errorCode());
        assertEquals(400, refused.statusCode());
      }
      assertEquals(1, emulator.sessionTags(ROLE_B).size(), "refused calls issue nothing");
    }
  }

  @Test
  void unknownAndExpiredTemporaryKeysAreRefusedAsAwsRefusesThem() {
    emulator.createRole(ROLE_B, null);
    AwsSessionCredentials session = assume(ROLE_B, null, List.of());
    AwsSessionCredentials forged =
        AwsSessionCredentials.create("ASIAFORGEDFORGED1234", "s", "token");
    AwsSessionCredentials wrongToken =
        AwsSessionCredentials.create(session.accessKeyId(), "s", "not-the-token");
    for (AwsCredentials refused : List.of(forged, wrongToken)) {
      try (EcrClient ecr = ecr(refused);
          StsClient sts = sts(refused)) {
        SdkServiceException onEcr =
            assertThrows(SdkServiceException.class, () -> ecr.describeRepositories());
        assertEquals(400, onEcr.statusCode());
        assertEquals(
            "UnrecognizedClientException",
            ((AwsServiceException) onEcr).awsErrorDetails().errorCode());
        assertEquals(
            "The security token included in the request is invalid.",
            ((AwsServiceException) onEcr).awsErrorDetails().errorMessage());
        AwsServiceException onSts =
            assertThrows(AwsServiceException.class, () -> sts.getCallerIdentity());
        assertEquals(403, onSts.statusCode());
        assertEquals("InvalidClientTokenId", onSts.awsErrorDetails().errorCode());
      }
    }
    fixture.clock.set(EmulatorFixture.T0.plus(Duration.ofHours(1)));
    try (EcrClient ecr = ecr(session);
        StsClient sts = sts(session)) {
      AwsServiceException onEcr =
          assertThrows(AwsServiceException.class, () -> ecr.describeRepositories());
      assertEquals("ExpiredTokenException", onEcr.awsErrorDetails().errorCode());
      assertEquals(
          "The security token included in the request is expired",
          onEcr.awsErrorDetails().errorMessage());
      AwsServiceException onSts =
          assertThrows(AwsServiceException.class, () -> sts.getCallerIdentity());
      assertEquals("ExpiredToken", onSts.awsErrorDetails().errorCode());
    }
    assertEquals(0, emulator.callCount("DescribeRepositories"), "refused before ECR counts");
  }

  @Test
  void faultsAndDenialsLimitedToOneAccountLeaveTheOthersAlone() {
    emulator.createRole(ROLE_B, null);
    AwsSessionCredentials session = assume(ROLE_B, null, List.of());
    emulator.failAlways(B, "DescribeRepositories", Fault.throttling());
    emulator.denyAccess(B, "CreateRepository");
    try (EcrClient a = ecr(key("x"));
        EcrClient b = ecr(session)) {
      a.createRepository(r -> r.repositoryName("app"));
      assertEquals(1, a.describeRepositories().repositories().size());
      AwsServiceException throttled =
          assertThrows(AwsServiceException.class, () -> b.describeRepositories());
      assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
      AwsServiceException denied =
          assertThrows(
              AwsServiceException.class, () -> b.createRepository(r -> r.repositoryName("app")));
      assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
      assertEquals(400, denied.statusCode());
      assertEquals(
          "User: arn:aws:sts::"
              + B
              + ":assumed-role/team-b/test is not authorized to perform: ecr:CreateRepository on"
              + " resource: arn:aws:ecr:eu-west-1:"
              + B
              + ":repository/app because no identity-based policy allows the"
              + " ecr:CreateRepository action",
          denied.awsErrorDetails().errorMessage());

      emulator.clearFaults();
      emulator.faults(FaultPlan.parse("throttle=1,accounts=" + B));
      assertEquals(1, a.describeRepositories().repositories().size());
      assertThrows(AwsServiceException.class, () -> b.describeRepositories());
      emulator.clearFaults();
      b.createRepository(r -> r.repositoryName("app"));
      assertEquals(Map.of("CreateRepository", 2L, "DescribeRepositories", 2L), emulator.calls(B));
    }
  }

  @Test
  void theSideDoorsTakeAnAccount() {
    emulator.addUser("team-b-key", B);
    try (EcrClient b = ecr(key("team-b-key"))) {
      b.createRepository(r -> r.repositoryName("app"));
    }
    String digest = "sha256:" + "b".repeat(64);
    emulator.pushImage(
        B,
        REGION,
        "app",
        dev.operators.ecr.policy.Image.pushed(digest, List.of("v1"), EmulatorFixture.T0));
    assertEquals(1, emulator.images(B, REGION, "app").size());
    assertEquals(Map.of("app", 1L), emulator.creations(B, REGION));
    assertEquals(Map.of(), emulator.creations(REGION));
    assertTrue(emulator.repository(B, REGION, "app").isPresent());
    assertTrue(emulator.repository(REGION, "app").isEmpty());
  }
}
