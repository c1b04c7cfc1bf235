package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The port against the emulator, through the real SDK client and its retry strategy. */
class SdkEcrPortTest {
  private static final String REGION = "eu-west-1";
  private static final RepositoryRef APP = new RepositoryRef(REGION, "team/app");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String KEEP_ONE_UNTAGGED =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only one untagged image\","
          + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
          + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

  private final EcrEmulator emulator = new EcrEmulator("123456789012", () -> T0).start();
  private final SdkEcrPort port = port(1);

  /** A port whose clients make {@code attempts} attempts per call, with millisecond backoff. */
  private SdkEcrPort port(int attempts) {
    return new SdkEcrPort(clients(attempts));
  }

  private EcrClients clients(int attempts) {
    return EmulatorClients.clients(emulator.endpoint())
        .maxAttempts(attempts)
        .baseDelay(Duration.ofMillis(1))
        .throttlingBaseDelay(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(5))
        .build();
  }

  @AfterEach
  void stop() {
    port.close();
    emulator.close();
  }

  @Test
  void createsAndDescribesARepository() {
    RepositoryInfo created =
        port.createRepository(APP, RepositorySettings.NONE, Map.of("owner", "ns/app"));

    RepositoryInfo expected =
        new RepositoryInfo(
            "team/app",
            "arn:aws:ecr:eu-west-1:123456789012:repository/team/app",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app",
            "123456789012",
            T0,
            "MUTABLE",
            List.of(),
            false,
            new Encryption("AES256", null));
    assertEquals(expected, created);
    assertEquals(expected, port.describeRepository(APP).orElseThrow());
    assertEquals(
        Map.of("owner", "ns/app"), emulator.repository(REGION, "team/app").orElseThrow().tags());
  }

  @Test
  void describingAMissingRepositoryIsEmpty() {
    assertTrue(port.describeRepository(APP).isEmpty());
  }

  @Test
  void eachRegionHasItsOwnRepositories() {
    port.createRepository(
        new RepositoryRef("us-east-1", "team/app"), RepositorySettings.NONE, Map.of());

    assertTrue(port.describeRepository(APP).isEmpty());
    assertTrue(emulator.repository("us-east-1", "team/app").isPresent());
  }

  @Test
  void creatingAnExistingRepositoryIsAlreadyExists() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    EcrException e =
        assertThrows(
            EcrException.class,
            () -> port.createRepository(APP, RepositorySettings.NONE, Map.of()));

    assertEquals(EcrErrorKind.ALREADY_EXISTS, e.kind());
    assertEquals("CreateRepository", e.operation());
    assertEquals("RepositoryAlreadyExistsException", e.awsCode());
    assertEquals(
        "The repository with name 'team/app' already exists in the registry with id"
            + " '123456789012'",
        e.getMessage());
  }

  @Test
  void aBadNameIsAnInvalidRequest() {
    EcrException e =
        assertThrows(
            EcrException.class,
            () ->
                port.createRepository(
                    new RepositoryRef(REGION, "Team/App"), RepositorySettings.NONE, Map.of()));

    assertEquals(EcrErrorKind.INVALID_REQUEST, e.kind());
    assertTrue(Failure.of(e).stalled(), "not retried: a person must act");
  }

  @Test
  void tagsAreListedAndAdded() {
    String arn = port.createRepository(APP, RepositorySettings.NONE, Map.of("a", "1")).arn();

    port.tagResource(APP, arn, Map.of("a", "2", "b", "3"));

    assertEquals(Map.of("a", "2", "b", "3"), port.listTags(APP, arn));
  }

  @Test
  void tooManyTagsIsAnInvalidRequest() {
    String arn = port.createRepository(APP, RepositorySettings.NONE, Map.of()).arn();
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tags.put("k" + i, "v");
    }

    EcrException e = assertThrows(EcrException.class, () -> port.tagResource(APP, arn, tags));

    assertEquals(EcrErrorKind.INVALID_REQUEST, e.kind());
    assertEquals("TooManyTagsException", e.awsCode());
  }

  @Test
  void noLifecyclePolicyIsEmptyAndDeletingNoneIsFalse() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    assertTrue(port.getLifecyclePolicy(APP).isEmpty());
    assertFalse(port.deleteLifecyclePolicy(APP));
  }

  @Test
  void aLifecyclePolicyIsPutReadAndDeleted() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());
    Instant evaluated = T0.plus(Duration.ofDays(1));

    port.putLifecyclePolicy(APP, KEEP_ONE_UNTAGGED);
    LifecyclePolicyState fresh = port.getLifecyclePolicy(APP).orElseThrow();
    emulator.runLifecycle(REGION, "team/app", evaluated);
    LifecyclePolicyState ran = port.getLifecyclePolicy(APP).orElseThrow();

    assertEquals(new LifecyclePolicyState(KEEP_ONE_UNTAGGED, null), fresh);
    assertEquals(new LifecyclePolicyState(KEEP_ONE_UNTAGGED, evaluated), ran);
    assertTrue(port.deleteLifecyclePolicy(APP));
    assertTrue(port.getLifecyclePolicy(APP).isEmpty());
  }

  @Test
  void aLifecyclePolicyOfAMissingRepositoryIsNotFound() {
    EcrException e = assertThrows(EcrException.class, () -> port.getLifecyclePolicy(APP));

    assertEquals(EcrErrorKind.NOT_FOUND, e.kind());
    assertEquals("GetLifecyclePolicy", e.operation());
  }

  @Test
  void aPolicyEcrRejectsIsAnInvalidRequest() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());

    EcrException e =
        assertThrows(EcrException.class, () -> port.putLifecyclePolicy(APP, "{\"rules\":[]}"));

    assertEquals(EcrErrorKind.INVALID_REQUEST, e.kind());
    assertEquals("PutLifecyclePolicy", e.operation());
  }

  @Test
  void deletingARepositoryWithImagesNeedsForce() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());
    emulator.pushImage(REGION, "team/app", DIGEST, List.of("v1"), T0);

    EcrException e = assertThrows(EcrException.class, () -> port.deleteRepository(APP, false));
    assertEquals(EcrErrorKind.NOT_EMPTY, e.kind());
    assertTrue(port.deleteRepository(APP, true));

    assertFalse(port.deleteRepository(APP, true), "already gone");
  }

  @Test
  void injectedFaultsMapToTheirKinds() {
    emulator.failNext("DescribeRepositories", 1, Fault.throttling());
    emulator.failNext("DescribeRepositories", 1, Fault.serverError());
    emulator.failNext("DescribeRepositories", 1, Fault.accessDenied());

    EcrException throttled = assertThrows(EcrException.class, () -> port.describeRepository(APP));
    EcrException server = assertThrows(EcrException.class, () -> port.describeRepository(APP));
    EcrException denied = assertThrows(EcrException.class, () -> port.describeRepository(APP));

    assertEquals(EcrErrorKind.THROTTLED, throttled.kind());
    assertEquals("Rate exceeded", throttled.getMessage());
    assertEquals(EcrErrorKind.SERVER_ERROR, server.kind());
    assertEquals(EcrErrorKind.ACCESS_DENIED, denied.kind());
    assertEquals("AccessDeniedException", denied.awsCode());
    assertEquals(3, emulator.callCount("DescribeRepositories"), "no retries with one attempt");
  }

  @Test
  void theRetryStrategyRetriesThrottlingUntilItPasses() {
    try (SdkEcrPort retrying = port(3)) {
      emulator.failNext("CreateRepository", 2, Fault.throttling());

      retrying.createRepository(APP, RepositorySettings.NONE, Map.of());

      assertEquals(3, emulator.callCount("CreateRepository"));
    }
  }

  @Test
  void theRetryStrategyGivesUpAfterMaxAttempts() {
    try (SdkEcrPort retrying = port(3)) {
      emulator.failAlways("GetLifecyclePolicy", Fault.serverError());

      EcrException e = assertThrows(EcrException.class, () -> retrying.getLifecyclePolicy(APP));

      assertEquals(EcrErrorKind.SERVER_ERROR, e.kind());
      assertEquals(3, emulator.callCount("GetLifecyclePolicy"));
    }
  }

  @Test
  void anAccessDeniedIsNotRetried() {
    try (SdkEcrPort retrying = port(3)) {
      emulator.failNext("DeleteRepository", 1, Fault.accessDenied());

      assertThrows(EcrException.class, () -> retrying.deleteRepository(APP, false));

      assertEquals(1, emulator.callCount("DeleteRepository"));
    }
  }

  @Test
  void anUnreachableEndpointIsUnknown() {
    emulator.close();

    EcrException e = assertThrows(EcrException.class, () -> port.describeRepository(APP));

    assertEquals(EcrErrorKind.UNKNOWN, e.kind());
    assertNull(e.awsCode());
    assertEquals("DescribeRepositories", e.operation());
  }

  @Test
  void clientsAreSharedPerRegionAndClosedTogether() {
    EcrClients clients = clients(1);
    var eu = clients.forRegion(REGION);

    assertSame(eu, clients.forRegion(REGION));
    assertNotSame(eu, clients.forRegion("us-east-1"));
    clients.close();
    assertThrows(IllegalStateException.class, () -> clients.forRegion(REGION));
  }

  @Test
  void anEvaluationTimeOfZeroMeansNeverEvaluated() {
    assertNull(SdkEcrPort.evaluatedAt(Instant.EPOCH));
    assertEquals(T0, SdkEcrPort.evaluatedAt(T0));
    assertNull(SdkEcrPort.evaluatedAt(null));
  }
}
