package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.policy.Image;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ServerException;
import software.amazon.awssdk.services.ecr.model.Tag;

/** The emulator's control API: seeding images, snapshots, call counters and fault injection. */
class EcrEmulatorControlTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrEmulator emulator = fixture.emulator;
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void countsCallsPerOperationFailedOnesIncluded() {
    fixture.createRepository("app");
    ecr.describeRepositories(r -> {});
    assertThrows(AwsServiceException.class, () -> fixture.createRepository("app"));

    assertEquals(2, emulator.callCount("CreateRepository"));
    assertEquals(1, emulator.callCount("DescribeRepositories"));
    assertEquals(0, emulator.callCount("DeleteRepository"));
    assertEquals(Map.of("CreateRepository", 2L, "DescribeRepositories", 1L), emulator.calls());
    assertEquals(2, emulator.writeCallCount());

    emulator.resetCalls();

    assertEquals(Map.of(), emulator.calls());
    assertEquals(0, emulator.writeCallCount());
  }

  @Test
  void countsTheDistinctRepositoriesEachOperationNamed() {
    fixture.createRepository("app");
    fixture.createRepository("team/web");
    String arn = "arn:aws:ecr:eu-west-1:123456789012:repository/team/web";
    ecr.listTagsForResource(r -> r.resourceArn(arn));
    ecr.listTagsForResource(r -> r.resourceArn(arn));
    ecr.describeRepositories(r -> r.repositoryNames("app", "team/web"));
    ecr.describeRepositories(r -> {});
    assertThrows(
        AwsServiceException.class, () -> ecr.getLifecyclePolicy(r -> r.repositoryName("app")));
    assertThrows(
        AwsServiceException.class, () -> ecr.getLifecyclePolicy(r -> r.repositoryName("none")));
    assertThrows(
        AwsServiceException.class, () -> ecr.getLifecyclePolicy(r -> r.repositoryName("app")));

    assertEquals(2, emulator.repositoriesNamed("CreateRepository"));
    assertEquals(1, emulator.repositoriesNamed("ListTagsForResource"));
    assertEquals(2, emulator.callCount("ListTagsForResource"));
    assertEquals(2, emulator.repositoriesNamed("DescribeRepositories"));
    assertEquals(2, emulator.repositoriesNamed("GetLifecyclePolicy"), "failed calls included");
    assertEquals(3, emulator.callCount("GetLifecyclePolicy"));
    assertEquals(0, emulator.repositoriesNamed("DeleteRepository"));

    emulator.resetCalls();

    assertEquals(0, emulator.repositoriesNamed("GetLifecyclePolicy"));
  }

  @Test
  void writeCallsAreThoseThatChangeState() {
    fixture.createRepository("app");
    String arn = "arn:aws:ecr:eu-west-1:123456789012:repository/app";
    ecr.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("a").value("b").build()));
    ecr.listTagsForResource(r -> r.resourceArn(arn));
    ecr.describeImages(r -> r.repositoryName("app"));
    ecr.listImages(r -> r.repositoryName("app"));
    ecr.putImageScanningConfiguration(
        r -> r.repositoryName("app").imageScanningConfiguration(s -> s.scanOnPush(true)));
    ecr.deleteRepository(r -> r.repositoryName("app"));

    assertEquals(4, emulator.writeCallCount());
  }

  @Test
  void batchGetImageIsCountedAsAReadAndAFaultedOneRecordsNoPull() {
    fixture.createRepository("app");
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.resetCalls();
    Instant now = T0.plus(Duration.ofDays(1));
    fixture.clock.set(now);
    emulator.failNext("BatchGetImage", 1, Fault.throttling());

    AwsServiceException e = assertThrows(AwsServiceException.class, this::pullV1);
    Instant afterFault = emulator.images(REGION, "app").get(0).lastPulledAt();
    pullV1();

    assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
    assertNull(afterFault);
    assertEquals(now, emulator.images(REGION, "app").get(0).lastPulledAt());
    assertEquals(2, emulator.callCount("BatchGetImage"));
    assertEquals(1, emulator.repositoriesNamed("BatchGetImage"));
    assertEquals(0, emulator.writeCallCount());
  }

  @Test
  void aFaultPlanCanAimAtTheImageOperations() {
    fixture.createRepository("app");
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.faults(FaultPlan.parse("throttle=1,ops=BatchGetImage+PutImage+BatchDeleteImage"));

    for (Runnable call :
        List.<Runnable>of(
            this::pullV1,
            () -> ecr.putImage(r -> r.repositoryName("app").imageManifest("{}")),
            () ->
                ecr.batchDeleteImage(
                    r -> r.repositoryName("app").imageIds(i -> i.imageTag("v1"))))) {
      AwsServiceException e = assertThrows(AwsServiceException.class, call::run);
      assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
    }
    ecr.describeImages(r -> r.repositoryName("app"));
    assertEquals(List.of("v1"), emulator.images(REGION, "app").get(0).tags());
  }

  private void pullV1() {
    ecr.batchGetImage(r -> r.repositoryName("app").imageIds(i -> i.imageTag("v1")));
  }

  @Test
  void operationNamesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> emulator.callCount("CreateRepo"));
    assertThrows(
        IllegalArgumentException.class,
        () -> emulator.failNext("CreateRepo", 1, Fault.throttling()));
    assertThrows(
        IllegalArgumentException.class,
        () -> emulator.failNext("CreateRepository", 0, Fault.throttling()));
  }

  @Test
  void failNextFailsExactlyThatManyCallsOfThatOperation() {
    emulator.failNext("CreateRepository", 2, Fault.throttling());

    for (int i = 0; i < 2; i++) {
      AwsServiceException e =
          assertThrows(AwsServiceException.class, () -> fixture.createRepository("app"));
      assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
      assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
      assertEquals(400, e.statusCode());
      assertTrue(e.isThrottlingException());
    }
    ecr.describeRepositories(r -> {});
    fixture.createRepository("app");

    assertEquals(3, emulator.callCount("CreateRepository"));
  }

  @Test
  void aFaultedCallChangesNothing() {
    emulator.failNext("CreateRepository", 1, Fault.accessDenied());

    AwsServiceException e =
        assertThrows(AwsServiceException.class, () -> fixture.createRepository("app"));

    assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
    assertTrue(emulator.repository(REGION, "app").isEmpty());
  }

  @Test
  void countedFaultsComeBeforeAStandingOneUntilCleared() {
    emulator.failAlways("DescribeRepositories", Fault.serverError());
    emulator.failNext("DescribeRepositories", 1, Fault.throttling());

    AwsServiceException first =
        assertThrows(AwsServiceException.class, () -> ecr.describeRepositories(r -> {}));
    ServerException second =
        assertThrows(ServerException.class, () -> ecr.describeRepositories(r -> {}));
    assertThrows(ServerException.class, () -> ecr.describeRepositories(r -> {}));
    emulator.clearFaults();

    assertEquals("ThrottlingException", first.awsErrorDetails().errorCode());
    assertEquals(500, second.statusCode());
    assertTrue(ecr.describeRepositories(r -> {}).repositories().isEmpty());
  }

  @Test
  void aCustomFaultCarriesItsCodeStatusAndMessage() {
    emulator.failNext("DeleteRepository", 1, new Fault("KmsException", 400, "key disabled"));

    AwsServiceException e =
        assertThrows(
            AwsServiceException.class, () -> ecr.deleteRepository(r -> r.repositoryName("app")));

    assertEquals("KmsException", e.awsErrorDetails().errorCode());
    assertEquals("key disabled", e.awsErrorDetails().errorMessage());
  }

  @Test
  void pushedImagesAreVisibleThroughTheApiAndTheSnapshot() {
    ecr.createRepository(
        r -> r.repositoryName("app").tags(Tag.builder().key("team").value("x").build()));
    Instant pushedAt = T0.minus(Duration.ofDays(3));

    Image pushed = emulator.pushImage(REGION, "app", A, List.of("v1", "latest"), pushedAt);
    emulator.pushImage(REGION, "app", B, List.of("latest"), pushedAt);

    assertEquals(List.of("v1", "latest"), pushed.tags());
    assertEquals(
        List.of(
            Image.pushed(A, List.of("v1"), pushedAt), Image.pushed(B, List.of("latest"), pushedAt)),
        emulator.images(REGION, "app"));
    assertEquals(
        pushedAt,
        ecr.describeImages(r -> r.repositoryName("app")).imageDetails().get(0).imagePushedAt());
    RepositorySnapshot snapshot = emulator.repository(REGION, "app").orElseThrow();
    assertEquals(2, snapshot.imageCount());
    assertEquals(Map.of("team", "x"), snapshot.tags());
    assertEquals("arn:aws:ecr:eu-west-1:123456789012:repository/app", snapshot.arn());
  }

  @Test
  void pushingIntoAMissingRepositoryIsRepositoryNotFound() {
    EcrError e =
        assertThrows(EcrError.class, () -> emulator.pushImage(REGION, "absent", A, List.of(), T0));

    assertEquals("RepositoryNotFoundException", e.code());
  }

  @Test
  void theClockDecidesCreationAndPushTimes() {
    fixture.createRepository("first");
    Instant later = T0.plus(Duration.ofHours(5));
    fixture.clock.set(later);
    fixture.createRepository("second");
    ecr.putImage(
        r ->
            r.repositoryName("second")
                .imageManifest(
                    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"));

    assertEquals(T0, emulator.repository(REGION, "first").orElseThrow().createdAt());
    assertEquals(later, emulator.repository(REGION, "second").orElseThrow().createdAt());
    assertEquals(later, emulator.images(REGION, "second").get(0).pushedAt());
  }

  @Test
  void concurrentClientsAreServedConsistently() throws Exception {
    int threads = 4;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    fixture.createRepository("t" + thread + "-r" + i);
                    ecr.describeRepositories(r -> r.maxResults(5));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(threads * perThread, emulator.repositories(REGION).size());
    assertEquals(threads * perThread, emulator.callCount("CreateRepository"));
    assertEquals(threads * perThread, emulator.callCount("DescribeRepositories"));
  }

  @Test
  void theStateOutlivesTheServer() {
    fixture.createRepository("app");
    emulator.close();

    assertTrue(emulator.repository(REGION, "app").isPresent());
    assertThrows(IllegalStateException.class, emulator::port);
  }
}
