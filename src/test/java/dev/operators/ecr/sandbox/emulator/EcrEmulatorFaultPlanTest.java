package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;

/** Seeded random faults, latency, dropped connections and rate limits, through the real SDK. */
class EcrEmulatorFaultPlanTest {
  private static final int CALLS = 200;

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrEmulator emulator = fixture.emulator;
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** The error code of each call, or "OK". */
  private List<String> describeRepositories(int times) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      try {
        ecr.describeRepositories(r -> {});
        outcomes.add("OK");
      } catch (AwsServiceException e) {
        outcomes.add(e.awsErrorDetails().errorCode() + " " + e.statusCode());
      }
    }
    return outcomes;
  }

  private static Map<String, Integer> tally(List<String> outcomes) {
    Map<String, Integer> tally = new TreeMap<>();
    outcomes.forEach(outcome -> tally.merge(outcome, 1, Integer::sum));
    return tally;
  }

  @Test
  void faultsComeAtTheirSharesAndTheSameSeedGivesTheSameRun() {
    FaultPlan plan = FaultPlan.builder().seed(42).throttle(0.2).serverErrors(0.05).build();
    emulator.faults(plan);

    List<String> first = describeRepositories(CALLS);
    Map<String, Integer> tally = tally(first);

    int throttled = tally.getOrDefault("ThrottlingException 400", 0);
    int serverErrors = tally.getOrDefault("ServerException 500", 0);
    assertEquals(CALLS, throttled + serverErrors + tally.getOrDefault("OK", 0), tally::toString);
    assertTrue(Math.abs(throttled - 40) <= 20, tally::toString);
    assertTrue(Math.abs(serverErrors - 10) <= 9, tally::toString);
    assertEquals(CALLS, emulator.callCount("DescribeRepositories"));

    emulator.faults(plan);
    assertEquals(first, describeRepositories(CALLS));
  }

  @Test
  void faultedCallsChangeNothingAndOtherOperationsAreSpared() {
    emulator.faults(FaultPlan.parse("throttle=0.5,seed=7,ops=CreateRepository"));

    List<String> created = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = "r" + i;
      try {
        fixture.createRepository(name);
        created.add(name);
      } catch (AwsServiceException e) {
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
      }
    }

    assertTrue(created.size() > 5 && created.size() < 35, created::toString);
    List<String> listed =
        ecr.describeRepositories(r -> {}).repositories().stream()
            .map(Repository::repositoryName)
            .sorted()
            .toList();
    assertEquals(created.stream().sorted().toList(), listed);
    assertEquals(40, emulator.callCount("CreateRepository"));
  }

  @Test
  void latencyIsAdded() {
    emulator.faults(
        FaultPlan.builder().latency(Duration.ofMillis(60), Duration.ofMillis(20)).build());

    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      ecr.describeRepositories(r -> {});
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofMillis(40)) >= 0, took::toString);
    }
  }

  @Test
  void aDroppedConnectionIsAnIoErrorAndChangesNothing() {
    emulator.faults(FaultPlan.parse("drop=1,ops=CreateRepository"));

    // A client-side (I/O) error, not an answer from the service.
    assertThrows(SdkClientException.class, () -> fixture.createRepository("app"));

    assertTrue(ecr.describeRepositories(r -> {}).repositories().isEmpty());
    assertEquals(1, emulator.callCount("CreateRepository"));

    emulator.clearFaults();
    fixture.createRepository("app");
    assertEquals(1, ecr.describeRepositories(r -> {}).repositories().size());
  }

  @Test
  void aLostAnswerAppliesTheWriteButTheClientSeesAnIoError() {
    emulator.faults(FaultPlan.parse("lost=1,ops=CreateRepository"));

    assertThrows(SdkClientException.class, () -> fixture.createRepository("app"));

    // The write happened: a retry meets the repository it created itself.
    assertEquals(1, ecr.describeRepositories(r -> {}).repositories().size());
    assertEquals(Map.of("app", 1L), emulator.creations(EmulatorFixture.REGION));
  }

  @Test
  void theRateLimitThrottlesCallsAboveTheRate() {
    emulator.faults(FaultPlan.parse("rate.DescribeRepositories=1"));

    long start = System.nanoTime();
    List<String> outcomes = describeRepositories(10);
    double seconds = (System.nanoTime() - start) / 1e9;

    int ok = tally(outcomes).getOrDefault("OK", 0);
    int throttled = tally(outcomes).getOrDefault("ThrottlingException 400", 0);
    assertEquals(10, ok + throttled, outcomes::toString);
    assertEquals("OK", outcomes.get(0));
    // A burst of one, then one call a second.
    assertTrue(ok <= 1 + Math.ceil(seconds), outcomes + " in " + seconds + "s");
    assertTrue(throttled >= 1, outcomes::toString);
    // Other operations are not limited.
    assertEquals(List.of("OK", "OK", "OK"), listTags(3));
  }

  private List<String> listTags(int times) {
    fixture.createRepository("app");
    String arn = "arn:aws:ecr:eu-west-1:123456789012:repository/app";
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      ecr.listTagsForResource(r -> r.resourceArn(arn));
      outcomes.add("OK");
    }
    return outcomes;
  }

  @Test
  void countedFaultsComeFirstAndClearFaultsEndsThePlan() {
    emulator.faults(FaultPlan.parse("throttle=1"));
    emulator.failNext("DescribeRepositories", 1, Fault.serverError());

    assertEquals(
        List.of("ServerException 500", "ThrottlingException 400"), describeRepositories(2));

    emulator.clearFaults();
    assertEquals(List.of("OK"), describeRepositories(1));
  }

  @Test
  void aNullPlanIsRefused() {
    assertInstanceOf(
        NullPointerException.class,
        assertThrows(RuntimeException.class, () -> emulator.faults(null)));
  }
}
