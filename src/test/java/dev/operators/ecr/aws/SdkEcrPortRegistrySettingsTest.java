package dev.operators.ecr.aws;

import static dev.operators.ecr.aws.EmulatedEcr.ACCOUNT;
import static dev.operators.ecr.aws.EmulatedEcr.REGION;
import static dev.operators.ecr.aws.EmulatedEcr.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.Fault;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's own settings through the port, the SDK and the emulator. */
class SdkEcrPortRegistrySettingsTest {
  private static final String OTHER_REGION = "us-east-1";
  private static final String PROFILE =
      "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release_profile";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"replicate\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
          + "\"Action\":[\"ecr:CreateRepository\",\"ecr:ReplicateImage\"]}]}";

  private final EmulatedEcr ecr = new EmulatedEcr();
  private final SdkEcrPort port = ecr.port;

  @AfterEach
  void stop() {
    ecr.close();
  }

  @Test
  void theRegistryIdIsTheAccount() {
    assertEquals(ACCOUNT, port.registryId(REGION));
    assertEquals(ACCOUNT, port.registryId(OTHER_REGION));
  }

  @Test
  void replicationRulesRoundTripWithAndWithoutFilters() {
    assertEquals(List.of(), port.describeReplication(REGION));
    List<ReplicationRule> rules =
        List.of(
            new ReplicationRule(
                List.of(new ReplicationDestination(OTHER_REGION, ACCOUNT)),
                List.of("team-a", "team-b/")),
            new ReplicationRule(
                List.of(
                    new ReplicationDestination(REGION, "210987654321"),
                    new ReplicationDestination("ap-south-1", ACCOUNT)),
                null));

    port.putReplication(REGION, rules);

    assertEquals(rules, port.describeReplication(REGION));
    assertEquals(List.of(), port.describeReplication(OTHER_REGION));
    port.putReplication(REGION, List.of());
    assertEquals(List.of(), port.describeReplication(REGION));
  }

  @Test
  void aReplicationEcrRefusesIsAnInvalidRequest() {
    var toItself = new ReplicationRule(List.of(new ReplicationDestination(REGION, ACCOUNT)), null);
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "PutReplicationConfiguration",
        "InvalidParameterException",
        () -> port.putReplication(REGION, List.of(toItself)));
  }

  @Test
  void registryScanningIsEcrsDefaultUntilPut() {
    assertEquals(RegistryScanning.DEFAULT, port.getRegistryScanning(REGION));
    var enhanced =
        new RegistryScanning(
            "ENHANCED",
            List.of(
                new ScanningRule("CONTINUOUS_SCAN", List.of("prod-*")),
                new ScanningRule("SCAN_ON_PUSH", List.of("*"))));

    port.putRegistryScanning(REGION, enhanced);

    assertEquals(enhanced, port.getRegistryScanning(REGION));
    assertEquals(RegistryScanning.DEFAULT, port.getRegistryScanning(OTHER_REGION));
    port.putRegistryScanning(REGION, RegistryScanning.DEFAULT);
    assertEquals(RegistryScanning.DEFAULT, port.getRegistryScanning(REGION));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "PutRegistryScanningConfiguration",
        "InvalidParameterException",
        () ->
            port.putRegistryScanning(
                REGION,
                new RegistryScanning(
                    "BASIC", List.of(new ScanningRule("CONTINUOUS_SCAN", List.of("*"))))));
  }

  @Test
  void theRegistryPolicyIsReadInEcrsLayoutAndDeletedOnce() {
    assertEquals(Optional.empty(), port.getRegistryPolicy(REGION));
    assertFalse(port.deleteRegistryPolicy(REGION));

    port.putRegistryPolicy(REGION, POLICY);
    String stored = port.getRegistryPolicy(REGION).orElseThrow();

    assertTrue(stored.startsWith("{\n  \"Version\" : \"2012-10-17\""), stored);
    assertTrue(port.deleteRegistryPolicy(REGION));
    assertFalse(port.deleteRegistryPolicy(REGION));
    assertEquals(Optional.empty(), port.getRegistryPolicy(REGION));
    EcrException refused =
        fails(
            EcrErrorKind.INVALID_REQUEST,
            "PutRegistryPolicy",
            "InvalidParameterException",
            () -> port.putRegistryPolicy(REGION, "{\"Statement\":[{\"Effect\":\"Allow\"}]}"));
    assertTrue(
        refused.getMessage().contains("Invalid registry policy provided"), refused::getMessage);
  }

  @Test
  void signingRulesRoundTripAndAreDeletedOnce() {
    assertEquals(Optional.empty(), port.getSigning(REGION));
    assertFalse(port.deleteSigning(REGION));
    List<SigningRule> rules =
        List.of(
            new SigningRule(PROFILE, List.of("myapp/*", "*/production")),
            new SigningRule(PROFILE, null));

    port.putSigning(REGION, rules);

    assertEquals(Optional.of(rules), port.getSigning(REGION));
    assertTrue(port.deleteSigning(REGION));
    assertEquals(Optional.empty(), port.getSigning(REGION));
    port.putSigning(REGION, List.of());
    assertEquals(Optional.of(List.of()), port.getSigning(REGION));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "PutSigningConfiguration",
        "InvalidParameterException",
        () -> port.putSigning(REGION, List.of(new SigningRule("arn:aws:signer:x", null))));
  }

  private static String role(int i) {
    return "arn:aws:iam::123456789012:role/scanner-" + String.format("%03d", i);
  }

  @Test
  void exclusionsAreListedThroughEveryPage() {
    List<String> roles =
        IntStream.range(0, 100).mapToObj(SdkEcrPortRegistrySettingsTest::role).toList();
    roles.forEach(r -> port.registerPullTimeUpdateExclusion(REGION, r));
    ecr.emulator.resetCalls();

    assertEquals(roles, port.listPullTimeUpdateExclusions(REGION));
    assertEquals(1, ecr.emulator.callCount("ListPullTimeUpdateExclusions"), "100 fit one page");
    assertEquals(List.of(), port.listPullTimeUpdateExclusions(OTHER_REGION));
  }

  @Test
  void anExclusionIsRegisteredOnceAndDeregisteredOnce() {
    port.registerPullTimeUpdateExclusion(REGION, role(1));
    fails(
        EcrErrorKind.ALREADY_EXISTS,
        "RegisterPullTimeUpdateExclusion",
        "ExclusionAlreadyExistsException",
        () -> port.registerPullTimeUpdateExclusion(REGION, role(1)));
    assertTrue(port.deregisterPullTimeUpdateExclusion(REGION, role(1)));
    assertFalse(port.deregisterPullTimeUpdateExclusion(REGION, role(1)));
    assertEquals(List.of(), port.listPullTimeUpdateExclusions(REGION));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "RegisterPullTimeUpdateExclusion",
        "InvalidParameterException",
        () -> port.registerPullTimeUpdateExclusion(REGION, "arn:aws:iam::123456789012:group/ops"));
  }

  @Test
  void aHundredAndFirstExclusionIsAQuotaNotAThrottle() {
    IntStream.range(0, 100).forEach(i -> port.registerPullTimeUpdateExclusion(REGION, role(i)));
    fails(
        EcrErrorKind.INVALID_REQUEST,
        "RegisterPullTimeUpdateExclusion",
        "LimitExceededException",
        () -> port.registerPullTimeUpdateExclusion(REGION, role(100)));
  }

  @Test
  void failuresAreClassifiedUnderTheirOperation() {
    ecr.emulator.failNext("DescribeRegistry", 1, Fault.accessDenied());
    fails(
        EcrErrorKind.ACCESS_DENIED,
        "DescribeRegistry",
        "AccessDeniedException",
        () -> port.describeReplication(REGION));
    ecr.emulator.failNext("GetSigningConfiguration", 1, Fault.serverError());
    fails(
        EcrErrorKind.SERVER_ERROR,
        "GetSigningConfiguration",
        "ServerException",
        () -> port.getSigning(REGION));
  }
}
