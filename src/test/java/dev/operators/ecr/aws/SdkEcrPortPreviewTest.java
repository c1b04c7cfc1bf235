package dev.operators.ecr.aws;

import static dev.operators.ecr.aws.EmulatedEcr.REGION;
import static dev.operators.ecr.aws.EmulatedEcr.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import dev.operators.ecr.policy.StorageClass;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyPreviewResponse;

/** Lifecycle policy previews and image counts through the port, the SDK and the emulator. */
class SdkEcrPortPreviewTest {
  private static final RepositoryRef APP = new RepositoryRef(REGION, "team/app");
  private static final RepositoryRef MISSING = new RepositoryRef(REGION, "team/missing");
  private static final String KEEP_ONE_UNTAGGED =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only one untagged image\","
          + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
          + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final String EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED =
      """
      {
        "rules": [
          {
            "rulePriority": 1,
            "description": "Expire untagged images older than 8 days",
            "selection": {
              "tagStatus": "untagged",
              "countType": "sinceImagePushed",
              "countUnit": "days",
              "countNumber": 8
            },
            "action": { "type": "expire" }
          },
          {
            "rulePriority": 2,
            "description": "Archive what nobody pulled for 30 days",
            "selection": {
              "tagStatus": "any",
              "countType": "sinceImagePulled",
              "countUnit": "days",
              "countNumber": 30
            },
            "action": { "type": "transition", "targetStorageClass": "archive" }
          }
        ]
      }
      """;

  private final EmulatedEcr ecr = new EmulatedEcr();
  private final EcrEmulator emulator = ecr.emulator;
  private final SdkEcrPort port = ecr.port;

  @BeforeEach
  void repository() {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());
  }

  @AfterEach
  void stop() {
    ecr.close();
  }

  private static String digest(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  private static Image image(int i, List<String> tags, int pushedDaysAgo, Integer pulledDaysAgo) {
    return new Image(
        digest(i),
        tags,
        T0.minus(Duration.ofDays(pushedDaysAgo)),
        pulledDaysAgo == null ? null : T0.minus(Duration.ofDays(pulledDaysAgo)),
        StorageClass.STANDARD,
        null,
        null);
  }

  /** Four untagged images pushed 10 to 7 days ago; three tagged ones, pulled or not. */
  private void pushImages() {
    for (int i = 0; i < 4; i++) {
      emulator.pushImage(REGION, APP.name(), image(i, List.of(), 10 - i, null));
    }
    emulator.pushImage(REGION, APP.name(), image(10, List.of("v1"), 100, 60));
    emulator.pushImage(REGION, APP.name(), image(11, List.of("v2"), 50, 1));
    emulator.pushImage(REGION, APP.name(), image(12, List.of("v3", "latest"), 40, null));
  }

  private Evaluation evaluate(String policy) {
    return PolicyEvaluator.evaluate(
        LifecyclePolicy.parse(policy), emulator.images(REGION, APP.name()), T0);
  }

  @Test
  void noPreviewYetIsEmpty() {
    assertTrue(port.getLifecyclePolicyPreview(APP).isEmpty());
  }

  @Test
  void aPreviewOfTheCurrentPolicyCountsWhatTheEvaluatorWouldDo() {
    pushImages();
    port.putLifecyclePolicy(APP, KEEP_ONE_UNTAGGED);
    Evaluation expected = evaluate(KEEP_ONE_UNTAGGED);

    port.startLifecyclePolicyPreview(APP, null);
    LifecyclePreview preview = port.getLifecyclePolicyPreview(APP).orElseThrow();

    assertEquals(
        new LifecyclePreview(
            "COMPLETE",
            port.getLifecyclePolicy(APP).orElseThrow().text(),
            expected.expiring(),
            expected.transitioning()),
        preview);
    assertEquals(3, preview.expiring(), "all untagged but the newest");
    assertEquals(0, preview.transitioning());
  }

  @Test
  void aPreviewOfAGivenTextCountsItsExpiriesAndTransitions() {
    pushImages();
    port.putLifecyclePolicy(APP, KEEP_ONE_UNTAGGED);
    Evaluation expected = evaluate(EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED);

    port.startLifecyclePolicyPreview(APP, EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED);
    LifecyclePreview preview = port.getLifecyclePolicyPreview(APP).orElseThrow();

    assertEquals(
        new LifecyclePreview(
            "COMPLETE",
            EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED,
            expected.expiring(),
            expected.transitioning()),
        preview);
    assertEquals(2, preview.expiring(), "the untagged images pushed 10 and 9 days ago");
    assertEquals(2, preview.transitioning(), "v1, last pulled 60 days ago, and v3, never pulled");
    assertEquals(7, emulator.images(REGION, APP.name()).size(), "a preview changes nothing");
  }

  @Test
  void readingAPreviewIsOneCallWhateverTheNumberOfResults() {
    pushImages();
    port.startLifecyclePolicyPreview(APP, EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED);
    emulator.resetCalls();

    LifecyclePreview preview = port.getLifecyclePolicyPreview(APP).orElseThrow();

    assertEquals(4, preview.expiring() + preview.transitioning());
    assertEquals(1, emulator.callCount("GetLifecyclePolicyPreview"));
  }

  @Test
  void previewingTheCurrentPolicyWithoutOneIsNotFound() {
    EcrException e =
        assertThrows(EcrException.class, () -> port.startLifecyclePolicyPreview(APP, null));

    assertEquals(EcrErrorKind.NOT_FOUND, e.kind());
    assertEquals("StartLifecyclePolicyPreview", e.operation());
    assertEquals("LifecyclePolicyNotFoundException", e.awsCode());
  }

  @Test
  void aTextEcrRefusesIsAnInvalidRequestAndAMissingRepositoryIsNotFound() {
    EcrException invalid =
        assertThrows(
            EcrException.class, () -> port.startLifecyclePolicyPreview(APP, "{\"rules\":[]}"));
    EcrException start =
        assertThrows(
            EcrException.class, () -> port.startLifecyclePolicyPreview(MISSING, KEEP_ONE_UNTAGGED));
    EcrException get =
        assertThrows(EcrException.class, () -> port.getLifecyclePolicyPreview(MISSING));

    assertEquals(EcrErrorKind.INVALID_REQUEST, invalid.kind());
    assertEquals("StartLifecyclePolicyPreview", invalid.operation());
    assertEquals(EcrErrorKind.NOT_FOUND, start.kind());
    assertEquals("RepositoryNotFoundException", start.awsCode());
    assertEquals(EcrErrorKind.NOT_FOUND, get.kind());
    assertEquals("GetLifecyclePolicyPreview", get.operation());
    assertEquals("RepositoryNotFoundException", get.awsCode());
  }

  @Test
  void aPreviewAlreadyInProgressCountsAsStarted() {
    pushImages();
    port.startLifecyclePolicyPreview(APP, KEEP_ONE_UNTAGGED);
    emulator.failNext(
        "StartLifecyclePolicyPreview",
        1,
        new Fault(
            "LifecyclePolicyPreviewInProgressException",
            400,
            "The previous lifecycle policy preview request has not completed."));

    port.startLifecyclePolicyPreview(APP, EXPIRE_OLD_UNTAGGED_ARCHIVE_UNPULLED);

    assertEquals(2, emulator.callCount("StartLifecyclePolicyPreview"));
    assertEquals(
        KEEP_ONE_UNTAGGED,
        port.getLifecyclePolicyPreview(APP).orElseThrow().policyText(),
        "the preview running is the earlier one");
  }

  @Test
  void previewFailuresKeepTheirKinds() {
    emulator.failNext("GetLifecyclePolicyPreview", 1, Fault.throttling());

    EcrException e = assertThrows(EcrException.class, () -> port.getLifecyclePolicyPreview(APP));

    assertEquals(EcrErrorKind.THROTTLED, e.kind());
    assertEquals("GetLifecyclePolicyPreview", e.operation());
  }

  @Test
  void aSummarySumsEveryStorageClassAndAMissingOneCountsNothing() {
    var complete =
        GetLifecyclePolicyPreviewResponse.builder()
            .status("COMPLETE")
            .lifecyclePolicyText(KEEP_ONE_UNTAGGED)
            .summary(
                s ->
                    s.expiringImageTotalCount(5)
                        .transitioningImageTotalCounts(
                            t -> t.targetStorageClass("ARCHIVE").imageTotalCount(3),
                            t -> t.targetStorageClass("OTHER").imageTotalCount(4),
                            t -> t.targetStorageClass("NONE")))
            .build();
    var noTransitions =
        GetLifecyclePolicyPreviewResponse.builder()
            .status("COMPLETE")
            .summary(s -> s.expiringImageTotalCount(2))
            .build();
    var running = GetLifecyclePolicyPreviewResponse.builder().status("IN_PROGRESS").build();

    assertEquals(
        new LifecyclePreview("COMPLETE", KEEP_ONE_UNTAGGED, 5, 7), SdkEcrPort.preview(complete));
    assertEquals(new LifecyclePreview("COMPLETE", null, 2, 0), SdkEcrPort.preview(noTransitions));
    assertEquals(new LifecyclePreview("IN_PROGRESS", null, 0, 0), SdkEcrPort.preview(running));
  }

  @Test
  void anEmptyRepositoryHasNoImagesAndAMissingOneIsNotFound() {
    assertEquals(0, port.countImages(APP));

    EcrException e = assertThrows(EcrException.class, () -> port.countImages(MISSING));

    assertEquals(EcrErrorKind.NOT_FOUND, e.kind());
    assertEquals("ListImages", e.operation());
  }

  @Test
  void countingPagesThroughEveryActiveImageOnce() {
    // 1,200 active images listed as 1,600 ids (every third has two tags), and archived ones.
    for (int i = 0; i < 1200; i++) {
      List<String> tags = i % 3 == 0 ? List.of("t" + i, "u" + i) : List.of();
      emulator.pushImage(REGION, APP.name(), digest(i), tags, T0);
    }
    for (int i = 1200; i < 1205; i++) {
      emulator.pushImage(
          REGION,
          APP.name(),
          new Image(digest(i), List.of("old" + i), T0, null, StorageClass.ARCHIVE, T0, null));
    }
    emulator.resetCalls();

    long count = port.countImages(APP);

    assertEquals(1200, count);
    assertEquals(2, emulator.callCount("ListImages"), "pages of 1,000 ids");
  }

  @Test
  void describingImagesPagesThroughActiveAndArchivedImagesWithTheirSizes() {
    Instant pulled = T0.minus(Duration.ofDays(3));
    for (int i = 0; i < 1001; i++) {
      List<String> tags = i == 0 ? List.of("v1", "latest") : List.of();
      emulator.pushImage(
          REGION,
          APP.name(),
          new Image(
              digest(i),
              tags,
              T0.minus(Duration.ofDays(i)),
              i == 0 ? pulled : null,
              StorageClass.STANDARD,
              null,
              null),
          1000L + i);
    }
    Instant archivedAt = T0.minus(Duration.ofDays(100));
    emulator.pushImage(
        REGION,
        APP.name(),
        new Image(
            digest(5000),
            List.of("old"),
            T0.minus(Duration.ofDays(400)),
            null,
            StorageClass.ARCHIVE,
            archivedAt,
            null),
        77_000L);
    emulator.resetCalls();

    List<ImageInfo> images = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      ImagePage page = port.describeImages(APP, token);
      images.addAll(page.images());
      pageSizes.add(page.images().size());
      token = page.nextToken();
    } while (token != null);

    assertEquals(List.of(1000, 2), pageSizes, "pages of 1,000 images");
    assertEquals(2, emulator.callCount("DescribeImages"));
    Map<String, ImageInfo> byDigest = new HashMap<>();
    images.forEach(image -> byDigest.put(image.digest(), image));
    assertEquals(1002, byDigest.size(), "every image once, the archived one included");
    assertEquals(
        new ImageInfo(digest(0), List.of("v1", "latest"), T0, pulled, 1000L, "ACTIVE", null, null),
        byDigest.get(digest(0)));
    assertEquals(
        new ImageInfo(
            digest(5000),
            List.of("old"),
            T0.minus(Duration.ofDays(400)),
            null,
            77_000L,
            "ARCHIVED",
            archivedAt,
            null),
        byDigest.get(digest(5000)));
    assertEquals(List.of(), byDigest.get(digest(7)).tags());
    assertEquals(1007L, byDigest.get(digest(7)).sizeInBytes());
  }

  @Test
  void describingTheImagesOfAMissingRepositoryIsNotFound() {
    assertEquals(new ImagePage(List.of(), null), port.describeImages(APP, null));

    EcrException e = assertThrows(EcrException.class, () -> port.describeImages(MISSING, null));

    assertEquals(EcrErrorKind.NOT_FOUND, e.kind());
    assertEquals("DescribeImages", e.operation());
  }
}
