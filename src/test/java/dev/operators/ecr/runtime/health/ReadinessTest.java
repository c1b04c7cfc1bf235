package dev.operators.ecr.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);

  private static EcrException error(EcrErrorKind kind, String code) {
    return new EcrException(kind, "CreateRepository", code, "message", null);
  }

  @Test
  void readyOnceStartedSyncedAndEcrUsable() {
    Readiness r = Readiness.of(List.of(), false, true, Optional.empty());
    assertTrue(r.ready());
    assertEquals("ready\noperator: started\ninformers: synced\necr: usable\n", r.report());
  }

  @Test
  void notReadyWhileStartingOrWhileAnInformerIsNotSynced() {
    assertFalse(Readiness.starting().ready());
    Readiness r =
        Readiness.of(List.of("ecrrepository/ControllerEventSource"), false, true, Optional.empty());
    assertFalse(r.ready());
    assertTrue(
        r.checks()
            .contains(
                "informers: not synced or not watching: ecrrepository/ControllerEventSource"));
  }

  @Test
  void theLeaderIsNotReadyWhenEcrIsUnusableButAStandbyIs() {
    Optional<String> denied = Optional.of("ECR unusable; eu-west-1: ...");
    assertFalse(Readiness.of(List.of(), true, true, denied).ready());
    assertFalse(Readiness.of(List.of(), false, true, denied).ready());
    Readiness standby = Readiness.of(List.of(), true, false, denied);
    assertTrue(standby.ready());
    assertEquals(
        List.of("operator: started", "informers: synced", "leader: no, standing by"),
        standby.checks());
  }

  @Test
  void ecrIsUnusableOnlyWhileDenialsOrNetworkFailuresFollowTheLastAnswer() {
    EcrHealth health = new EcrHealth(CLOCK);
    assertEquals(Optional.empty(), health.problem(), "nothing asked yet");

    health.failed("eu-west-1", error(EcrErrorKind.ACCESS_DENIED, "AccessDeniedException"));
    assertEquals(
        Optional.of(
            "ECR unusable; eu-west-1: CreateRepository failed with ACCESS_DENIED"
                + " (AccessDeniedException) 0s ago"),
        health.problem());

    health.answered("eu-west-1");
    assertEquals(Optional.empty(), health.problem());

    // Network failure, or no credentials at all: no AWS code.
    health.failed("us-east-1", error(EcrErrorKind.UNKNOWN, null));
    assertTrue(
        health.problem().orElseThrow().contains("us-east-1: CreateRepository failed with UNKNOWN"));

    // Throttling, a 5xx or a missing repository are answers: ECR is there and accepts us.
    health.failed("us-east-1", error(EcrErrorKind.THROTTLED, "ThrottlingException"));
    assertEquals(Optional.empty(), health.problem());
    health.failed("us-east-1", error(EcrErrorKind.SERVER_ERROR, "ServerException"));
    health.failed("us-east-1", error(EcrErrorKind.UNKNOWN, "SomeNewException"));
    health.failed("us-east-1", error(EcrErrorKind.INVALID_REQUEST, "InvalidParameterException"));
    assertEquals(Optional.empty(), health.problem());
  }

  @Test
  void eachRegionIsJudgedOnItsOwn() {
    EcrHealth health = new EcrHealth(CLOCK);
    health.answered("eu-west-1");
    health.failed("us-east-1", error(EcrErrorKind.ACCESS_DENIED, "UnrecognizedClientException"));
    health.answered("eu-west-1");
    String problem = health.problem().orElseThrow();
    assertTrue(problem.contains("us-east-1"), problem);
    assertFalse(problem.contains("eu-west-1"), problem);
  }
}
