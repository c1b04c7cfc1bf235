package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyPreviewResponse;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.ImageActionType;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewStatus;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyStorageClass;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** Lifecycle policies, previews and runs, with the project's validator and evaluator. */
class EcrEmulatorLifecycleTest {
  private static final String KEEP_ONE_UNTAGGED =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only one untagged image, expire all"
          + " others\",\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
          + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final String KEEP_ONE_UNTAGGED_PRETTY =
      """
      {
        "rules": [
          {
            "rulePriority": 1,
            "description": "Keep only one untagged image, expire all others",
            "selection": {
              "tagStatus": "untagged",
              "countType": "imageCountMoreThan",
              "countNumber": 1
            },
            "action": { "type": "expire" }
          }
        ]
      }
      """;
  private static final String ARCHIVE_UNPULLED =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Archive what nobody pulled for 30"
          + " days\",\"selection\":{\"tagStatus\":\"any\",\"countType\":\"sinceImagePulled\","
          + "\"countUnit\":\"days\",\"countNumber\":30},\"action\":{\"type\":\"transition\","
          + "\"targetStorageClass\":\"archive\"}}]}";
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final String D = "sha256:" + "d".repeat(64);

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrEmulator emulator = fixture.emulator;
  private final EcrClient ecr = fixture.ecr;

  @BeforeEach
  void repository() {
    fixture.createRepository("app");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void put(String policy) {
    ecr.putLifecyclePolicy(r -> r.repositoryName("app").lifecyclePolicyText(policy));
  }

  /** Three untagged images a, b, c pushed 3, 2 and 1 days before T0, and d tagged. */
  private void pushImages() {
    emulator.pushImage(REGION, "app", A, List.of(), T0.minus(Duration.ofDays(3)));
    emulator.pushImage(REGION, "app", B, List.of(), T0.minus(Duration.ofDays(2)));
    emulator.pushImage(REGION, "app", C, List.of(), T0.minus(Duration.ofDays(1)));
    emulator.pushImage(REGION, "app", D, List.of("v1"), T0.minus(Duration.ofDays(4)));
  }

  private List<String> digests() {
    return emulator.images(REGION, "app").stream().map(Image::digest).toList();
  }

  @Test
  void putAndGetReturnThePolicyMinified() {
    String returned =
        ecr.putLifecyclePolicy(
                r -> r.repositoryName("app").lifecyclePolicyText(KEEP_ONE_UNTAGGED_PRETTY))
            .lifecyclePolicyText();

    GetLifecyclePolicyResponse got = ecr.getLifecyclePolicy(r -> r.repositoryName("app"));
    assertEquals(KEEP_ONE_UNTAGGED, returned);
    assertEquals(KEEP_ONE_UNTAGGED, got.lifecyclePolicyText());
    assertNull(got.lastEvaluatedAt(), "never evaluated");
    assertEquals(
        KEEP_ONE_UNTAGGED, emulator.repository(REGION, "app").orElseThrow().lifecyclePolicyText());
  }

  @Test
  void anInvalidPolicyIsRejectedInEcrsWords() {
    String keepNone =
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":0},\"action\":{\"type\":"
            + "\"expire\"}}]}";

    InvalidParameterException e =
        assertThrows(InvalidParameterException.class, () -> put(keepNone));

    String message = e.awsErrorDetails().errorMessage();
    assertTrue(
        message.startsWith(
            "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle"
                + " policy validation failure: "),
        message);
    assertTrue(message.contains("countNumber"), message);
    assertThrows(
        LifecyclePolicyNotFoundException.class,
        () -> ecr.getLifecyclePolicy(r -> r.repositoryName("app")));
  }

  @Test
  void rulesWithoutPrioritiesAreRejectedAsEcrDoes() {
    String noPriority = KEEP_ONE_UNTAGGED.replace("\"rulePriority\":1,", "");

    InvalidParameterException e =
        assertThrows(InvalidParameterException.class, () -> put(noPriority));

    assertTrue(e.awsErrorDetails().errorMessage().contains("rulePriority"), e.getMessage());
  }

  @Test
  void deleteReturnsTheDeletedPolicyOnce() {
    put(KEEP_ONE_UNTAGGED);

    assertEquals(
        KEEP_ONE_UNTAGGED,
        ecr.deleteLifecyclePolicy(r -> r.repositoryName("app")).lifecyclePolicyText());
    assertThrows(
        LifecyclePolicyNotFoundException.class,
        () -> ecr.getLifecyclePolicy(r -> r.repositoryName("app")));
    assertThrows(
        LifecyclePolicyNotFoundException.class,
        () -> ecr.deleteLifecyclePolicy(r -> r.repositoryName("app")));
  }

  @Test
  void aPreviewNeedsAPolicyAndGetNeedsAPreview() {
    assertThrows(
        LifecyclePolicyNotFoundException.class,
        () -> ecr.startLifecyclePolicyPreview(r -> r.repositoryName("app")));
    assertThrows(
        LifecyclePolicyPreviewNotFoundException.class,
        () -> ecr.getLifecyclePolicyPreview(r -> r.repositoryName("app")));
  }

  @Test
  void aPreviewShowsWhatThePolicyWouldDoAndChangesNothing() {
    pushImages();

    var started =
        ecr.startLifecyclePolicyPreview(
            r -> r.repositoryName("app").lifecyclePolicyText(KEEP_ONE_UNTAGGED_PRETTY));
    ecr.waiter()
        .waitUntilLifecyclePolicyPreviewComplete(r -> r.repositoryName("app"))
        .matched()
        .response()
        .orElseThrow();
    GetLifecyclePolicyPreviewResponse preview =
        ecr.getLifecyclePolicyPreview(r -> r.repositoryName("app"));

    assertEquals(LifecyclePolicyPreviewStatus.IN_PROGRESS, started.status());
    assertEquals(KEEP_ONE_UNTAGGED_PRETTY, preview.lifecyclePolicyText(), "echoed as submitted");
    assertEquals(LifecyclePolicyPreviewStatus.COMPLETE, preview.status());
    assertEquals(
        List.of(A, B), preview.previewResults().stream().map(p -> p.imageDigest()).toList());
    var first = preview.previewResults().get(0);
    assertEquals(ImageActionType.EXPIRE, first.action().type());
    assertEquals(1, first.appliedRulePriority());
    assertEquals(LifecyclePolicyStorageClass.STANDARD, first.storageClass());
    assertEquals(T0.minus(Duration.ofDays(3)), first.imagePushedAt());
    assertEquals(2, preview.summary().expiringImageTotalCount());
    assertEquals(List.of(A, B, C, D), digests());
  }

  @Test
  void aPreviewOfTheStoredPolicyPagesAndFilters() {
    pushImages();
    put(KEEP_ONE_UNTAGGED);
    ecr.startLifecyclePolicyPreview(r -> r.repositoryName("app"));

    long paged =
        ecr
            .getLifecyclePolicyPreviewPaginator(r -> r.repositoryName("app").maxResults(1))
            .previewResults()
            .stream()
            .count();
    var tagged =
        ecr.getLifecyclePolicyPreview(
            r -> r.repositoryName("app").filter(f -> f.tagStatus(TagStatus.TAGGED)));

    assertEquals(2, paged);
    assertTrue(tagged.previewResults().isEmpty());
    assertEquals(2, tagged.summary().expiringImageTotalCount(), "the summary is not filtered");
  }

  @Test
  void runningThePolicyExpiresImagesAndRecordsTheRun() {
    pushImages();
    put(KEEP_ONE_UNTAGGED);
    Instant now = T0.plus(Duration.ofHours(1));

    LifecycleRun run = emulator.runLifecycle(REGION, "app", now);

    assertEquals(List.of(A, B), run.expired().stream().map(Image::digest).toList());
    assertTrue(run.transitioned().isEmpty());
    assertEquals(List.of(C, D), digests());
    assertEquals(now, ecr.getLifecyclePolicy(r -> r.repositoryName("app")).lastEvaluatedAt());
    assertEquals(
        now, emulator.repository(REGION, "app").orElseThrow().lifecyclePolicyLastEvaluatedAt());
  }

  @Test
  void runningATransitionArchivesImages() {
    Instant now = T0.plus(Duration.ofDays(40));
    emulator.pushImage(
        REGION, "app", new Image(A, List.of("old"), T0, T0, StorageClass.STANDARD, null, null));
    emulator.pushImage(
        REGION,
        "app",
        new Image(B, List.of("hot"), T0, now.minus(Duration.ofDays(1)), null, null, null));
    put(ARCHIVE_UNPULLED);

    LifecycleRun run = emulator.runLifecycle(REGION, "app", now);

    assertEquals(List.of(A), run.transitioned().stream().map(Image::digest).toList());
    Image archived = emulator.images(REGION, "app").get(0);
    assertEquals(StorageClass.ARCHIVE, archived.storageClass());
    assertEquals(now, archived.archivedAt());
    assertEquals(
        List.of(B),
        ecr.describeImages(r -> r.repositoryName("app")).imageDetails().stream()
            .map(ImageDetail::imageDigest)
            .toList());
    assertEquals(
        List.of(A),
        ecr
            .describeImages(
                r -> r.repositoryName("app").filter(f -> f.imageStatus(ImageStatusFilter.ARCHIVED)))
            .imageDetails()
            .stream()
            .map(ImageDetail::imageDigest)
            .toList());
  }

  @Test
  void runningWithoutAPolicyIsLifecyclePolicyNotFound() {
    EcrError e = assertThrows(EcrError.class, () -> emulator.runLifecycle(REGION, "app", T0));

    assertEquals("LifecyclePolicyNotFoundException", e.code());
  }

  @Test
  void theSideDoorRunsThePolicyOverHttp() throws Exception {
    pushImages();
    put(KEEP_ONE_UNTAGGED);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_emulator/lifecycle/run"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"region\":\"eu-west-1\",\"repositoryName\":\"app\","
                                + "\"now\":\"2026-01-02T00:00:00Z\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertEquals("2026-01-02T00:00:00Z", body.path("evaluatedAt").asText());
    assertEquals(A, body.path("expired").path(0).path("imageDigest").asText());
    assertEquals(1, body.path("expired").path(0).path("appliedRulePriority").asInt());
    assertEquals(2, body.path("expired").size());
    assertEquals(List.of(C, D), digests());
  }
}
