package dev.operators.ecr.aws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Failure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's ports per AWS identity against the emulator's accounts and STS: a role of account
 * B is assumed once while its session is fresh, renewed before it expires, and its calls land in B;
 * STS's and the target account's refusals and throttling come out classified.
 */
class SdkEcrPortsTest {
  private static final String B = "210987654321";
  private static final String ROLE_B = "arn:aws:iam::" + B + ":role/ecr-operator-team-b";
  private static final AwsIdentity AS_B = AwsIdentity.role(ROLE_B, null, Map.of());
  private static final String REGION = "eu-west-1";
  private static final RepositoryRef APP = new RepositoryRef(REGION, "team-b/app");

  private final AtomicReference<Instant> clock = new AtomicReference<>(Instant.now());
  private final EcrEmulator emulator =
      new EcrEmulator(EcrEmulator.DEFAULT_ACCOUNT_ID, clock::get).start();
  private SdkEcrPorts ports = ports(emulator.endpoint(), SdkEcrPorts.PREFETCH_TIME);

  private static SdkEcrPorts ports(URI endpoint, Duration prefetch) {
    return new SdkEcrPorts(
        EmulatorClients.clients(endpoint), REGION, prefetch, SdkEcrPorts.STALE_TIME);
  }

  @AfterEach
  void close() {
    ports.close();
    emulator.close();
  }

  @Test
  void aRoleOfAnotherAccountActsInThatAccountAssumedOnceWhileFresh() {
    emulator.createRole(ROLE_B, null);
    EcrPort asB = ports.of(AS_B);
    assertSame(asB, ports.of(AwsIdentity.role(ROLE_B, null, Map.of())), "one port per identity");

    RepositoryInfo created = asB.createRepository(APP, RepositorySettings.NONE, Map.of());
    asB.describeRepository(new RepositoryRef("us-east-1", "team-b/app"));
    for (int i = 0; i < 5; i++) {
      assertTrue(asB.describeRepository(APP).isPresent());
    }
    ports.of(AwsIdentity.AMBIENT).createRepository(APP, RepositorySettings.NONE, Map.of());

    assertEquals("arn:aws:ecr:eu-west-1:" + B + ":repository/team-b/app", created.arn());
    assertEquals(B, asB.registryId(REGION));
    assertEquals(EcrEmulator.DEFAULT_ACCOUNT_ID, ports.of(AwsIdentity.AMBIENT).registryId(REGION));
    assertEquals(1, emulator.repositories(B, REGION).size());
    assertEquals(1, emulator.repositories(REGION).size());
    assertEquals(1, emulator.callCount("AssumeRole"), "one session for both regions");
    assertEquals(List.of(Map.of()), emulator.sessionTags(ROLE_B));
  }

  @Test
  void theExternalIdAndSessionTagsArePassedAndTheSessionIsNamed() {
    emulator.createRole(ROLE_B, "team-b-secret");
    AwsIdentity tagged =
        AwsIdentity.role(ROLE_B, "team-b-secret", Map.of("team", "b", "cluster", "prod"));
    assertEquals(B, ports.of(tagged).registryId(REGION));
    assertEquals(List.of(Map.of("team", "b", "cluster", "prod")), emulator.sessionTags(ROLE_B));
  }

  /**
   * The SDK's provider renews a session in the background at a random time between the prefetch
   * time and the stale time before it expires; with the production times (5 and 1 minutes) that is
   * minutes away, so this test narrows the window to 5 seconds and sets the emulator's clock back
   * so that each session expires two minutes and two seconds from now.
   */
  @Test
  void theSessionIsRenewedBeforeItExpires() {
    emulator.createRole(ROLE_B, null);
    ports.close();
    ports =
        new SdkEcrPorts(
            EmulatorClients.clients(emulator.endpoint()),
            REGION,
            Duration.ofMinutes(2),
            Duration.ofSeconds(115));
    clock.set(Instant.now().minus(Duration.ofMinutes(58)).plusSeconds(2));
    EcrPort asB = ports.of(AS_B);
    asB.createRepository(APP, RepositorySettings.NONE, Map.of());
    assertEquals(1, emulator.callCount("AssumeRole"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              assertTrue(asB.describeRepository(APP).isPresent());
              return emulator.callCount("AssumeRole") >= 2;
            });

    // Sessions last an hour again: once one of those is in, no more renewals.
    clock.set(Instant.now());
    long before = emulator.callCount("AssumeRole");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              asB.describeRepository(APP);
              return emulator.callCount("AssumeRole") > before;
            });
    long renewed = emulator.callCount("AssumeRole");
    for (int i = 0; i < 10; i++) {
      assertTrue(asB.describeRepository(APP).isPresent());
    }
    assertEquals(renewed, emulator.callCount("AssumeRole"), "a fresh session is kept");
  }

  @Test
  void aRoleThatIsMissingOrRefusesTheExternalIdIsAccessDenied() {
    EcrException missing =
        assertThrows(EcrException.class, () -> ports.of(AS_B).registryId(REGION));
    assertEquals(EcrErrorKind.ACCESS_DENIED, missing.kind(), missing.getMessage());
    assertEquals("AccessDenied", missing.awsCode());
    assertTrue(
        missing.getMessage().contains("sts:AssumeRole on resource: " + ROLE_B),
        missing.getMessage());
    assertTrue(Failure.of(missing).stalled());
    assertTrue(
        Failure.of(missing).message().contains("k8s/iam-target-trust-policy.json"),
        Failure.of(missing).message());

    emulator.createRole(ROLE_B, "expected");
    AwsIdentity wrong = AwsIdentity.role(ROLE_B, "other", Map.of());
    EcrException mismatch =
        assertThrows(EcrException.class, () -> ports.of(wrong).registryId(REGION));
    assertEquals(EcrErrorKind.ACCESS_DENIED, mismatch.kind());
    assertEquals(0, emulator.callCount("DescribeRegistry"), "no ECR call without a session");
  }

  @Test
  void stsThrottledOrUnreachableIsRetried() {
    emulator.createRole(ROLE_B, null);
    emulator.failAlways("AssumeRole", Fault.stsThrottling());
    EcrException throttled =
        assertThrows(EcrException.class, () -> ports.of(AS_B).registryId(REGION));
    assertEquals(EcrErrorKind.THROTTLED, throttled.kind(), throttled.getMessage());
    assertFalse(Failure.of(throttled).stalled());

    URI nowhere = emulator.endpoint();
    emulator.close();
    try (SdkEcrPorts unreachable = ports(nowhere, SdkEcrPorts.PREFETCH_TIME)) {
      EcrException down =
          assertThrows(EcrException.class, () -> unreachable.of(AS_B).registryId(REGION));
      assertEquals(EcrErrorKind.UNKNOWN, down.kind(), down.getMessage());
      assertFalse(Failure.of(down).stalled());
    }
  }

  @Test
  void throttlingAndDenialInTheTargetAccountStayThere() {
    emulator.createRole(ROLE_B, null);
    emulator.failAlways(B, "DescribeRepositories", Fault.throttling());
    emulator.denyAccess(B, "CreateRepository");
    EcrPort asB = ports.of(AS_B);
    EcrPort ambient = ports.of(AwsIdentity.AMBIENT);

    EcrException throttled = assertThrows(EcrException.class, () -> asB.describeRepository(APP));
    EcrException denied =
        assertThrows(
            EcrException.class, () -> asB.createRepository(APP, RepositorySettings.NONE, Map.of()));
    ambient.createRepository(APP, RepositorySettings.NONE, Map.of());

    assertEquals(EcrErrorKind.THROTTLED, throttled.kind());
    assertFalse(Failure.of(throttled).stalled());
    assertEquals(EcrErrorKind.ACCESS_DENIED, denied.kind());
    assertTrue(Failure.of(denied).stalled());
    assertTrue(
        denied.getMessage().contains("assumed-role/ecr-operator-team-b/ecr-operator"),
        denied.getMessage());
    assertTrue(ambient.describeRepository(APP).isPresent());
  }

  @Test
  void closingClosesEveryPort() {
    emulator.createRole(ROLE_B, null);
    EcrPort asB = ports.of(AS_B);
    asB.registryId(REGION);
    ports.close();
    assertThrows(IllegalStateException.class, () -> asB.registryId(REGION));
    assertThrows(IllegalStateException.class, () -> ports.of(AwsIdentity.AMBIENT));
  }
}
