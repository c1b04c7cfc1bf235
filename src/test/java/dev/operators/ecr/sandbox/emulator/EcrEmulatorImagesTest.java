package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageDigestDoesNotMatchException;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageStatus;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.PutImageResponse;
import software.amazon.awssdk.services.ecr.model.TagStatus;

/** Image operations through the real SDK client: push, describe, list, batch delete. */
class EcrEmulatorImagesTest {
  private static final String MANIFEST_MEDIA_TYPE =
      "application/vnd.docker.distribution.manifest.v2+json";
  private static final String A = digest('a');
  private static final String B = digest('b');
  private static final String C = digest('c');

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrClient ecr = fixture.ecr;

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  /**
   * A schema-2 manifest with a 10-byte config and {@code layerBytes} of layers; {@code seed} varies
   * it.
   */
  private static String manifest(String seed, long layerBytes) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + MANIFEST_MEDIA_TYPE
        + "\",\"config\":{\"digest\":\"sha256:"
        + seed
        + "\",\"size\":10},\"layers\":[{\"size\":"
        + layerBytes
        + "}]}";
  }

  private static ImageIdentifier byTag(String tag) {
    return ImageIdentifier.builder().imageTag(tag).build();
  }

  private static ImageIdentifier byDigest(String digest) {
    return ImageIdentifier.builder().imageDigest(digest).build();
  }

  private Set<String> tagsOf(String digest) {
    return fixture.emulator.images(REGION, "app").stream()
        .filter(i -> i.digest().equals(digest))
        .flatMap(i -> i.tags().stream())
        .collect(Collectors.toSet());
  }

  private List<String> digests() {
    return fixture.emulator.images(REGION, "app").stream().map(Image::digest).toList();
  }

  @BeforeEach
  void repository() {
    fixture.createRepository("app");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void putImageDigestsTheManifestAndDescribeShowsIt() {
    String manifest = manifest("one", 1234);

    PutImageResponse put =
        ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageTag("v1"));

    String digest = "sha256:" + ImageOperations.sha256(manifest);
    assertEquals(digest, put.image().imageId().imageDigest());
    assertEquals("v1", put.image().imageId().imageTag());
    assertEquals(manifest, put.image().imageManifest());
    assertEquals(MANIFEST_MEDIA_TYPE, put.image().imageManifestMediaType());
    ImageDetail detail = ecr.describeImages(r -> r.repositoryName("app")).imageDetails().get(0);
    assertEquals(digest, detail.imageDigest());
    assertEquals(List.of("v1"), detail.imageTags());
    assertEquals(10L + 1234L, detail.imageSizeInBytes(), "config and layers");
    assertEquals(T0, detail.imagePushedAt());
    assertEquals(ImageStatus.ACTIVE, detail.imageStatus());
    assertNull(detail.lastRecordedPullTime());
  }

  @Test
  void putImageChecksAGivenDigestAndTheManifest() {
    String manifest = manifest("one", 1);

    assertThrows(
        ImageDigestDoesNotMatchException.class,
        () -> ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageDigest(A)));
    ecr.putImage(
        r ->
            r.repositoryName("app")
                .imageManifest(manifest)
                .imageDigest("sha256:" + ImageOperations.sha256(manifest)));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.putImage(r -> r.repositoryName("app").imageManifest("not json")));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.putImage(r -> r.repositoryName("app").imageManifest("{\"schemaVersion\":2}")));
  }

  @Test
  void pushingTheSameManifestAndTagAgainIsImageAlreadyExists() {
    String manifest = manifest("one", 1);
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageTag("v1"));

    assertThrows(
        ImageAlreadyExistsException.class,
        () -> ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageTag("v1")));
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageTag("latest"));
    ImageAlreadyExistsException untagged =
        assertThrows(
            ImageAlreadyExistsException.class,
            () -> ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest)));

    String digest = "sha256:" + ImageOperations.sha256(manifest);
    assertEquals(Set.of("v1", "latest"), tagsOf(digest));
    assertEquals(
        "Image with digest '"
            + digest
            + "' already exists in the repository with name 'app' in registry with id"
            + " '123456789012'",
        untagged.awsErrorDetails().errorMessage());
  }

  @Test
  void aTagMovesToTheNewImageInAMutableRepository() {
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest("one", 1)).imageTag("latest"));
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest("two", 1)).imageTag("latest"));

    List<ImageDetail> details = ecr.describeImages(r -> r.repositoryName("app")).imageDetails();
    assertEquals(2, details.size());
    assertEquals(1, details.stream().filter(d -> d.imageTags().contains("latest")).count());
    assertEquals(1, details.stream().filter(d -> !d.hasImageTags()).count());
  }

  @Test
  void anImmutableRepositoryRefusesToMoveATagUnlessExcluded() {
    ecr.putImageTagMutability(
        r ->
            r.repositoryName("app")
                .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(f -> f.filterType("WILDCARD").filter("dev-*")));
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest("one", 1)).imageTag("v1"));
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest("one", 1)).imageTag("dev-x"));

    ImageTagAlreadyExistsException e =
        assertThrows(
            ImageTagAlreadyExistsException.class,
            () ->
                ecr.putImage(
                    r -> r.repositoryName("app").imageManifest(manifest("two", 1)).imageTag("v1")));
    assertTrue(e.getMessage().contains("'v1'"), e.getMessage());
    ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest("two", 1)).imageTag("dev-x"));

    String two = "sha256:" + ImageOperations.sha256(manifest("two", 1));
    assertEquals(Set.of("dev-x"), tagsOf(two));
  }

  @Test
  void describeFiltersByTagStatusAndShowsOnlyActiveImagesByDefault() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    fixture.emulator.pushImage(REGION, "app", B, List.of(), T0);
    Instant archivedAt = T0.plus(Duration.ofDays(1));
    fixture.emulator.pushImage(
        REGION,
        "app",
        new Image(C, List.of("old"), T0, T0, StorageClass.ARCHIVE, archivedAt, null));

    assertEquals(
        List.of(A, B),
        ecr.describeImages(r -> r.repositoryName("app")).imageDetails().stream()
            .map(ImageDetail::imageDigest)
            .toList());
    assertEquals(
        List.of(B),
        ecr
            .describeImages(
                r -> r.repositoryName("app").filter(f -> f.tagStatus(TagStatus.UNTAGGED)))
            .imageDetails()
            .stream()
            .map(ImageDetail::imageDigest)
            .toList());
    ImageDetail archived =
        ecr.describeImages(
                r -> r.repositoryName("app").filter(f -> f.imageStatus(ImageStatusFilter.ARCHIVED)))
            .imageDetails()
            .get(0);
    assertEquals(C, archived.imageDigest());
    assertEquals(ImageStatus.ARCHIVED, archived.imageStatus());
    assertEquals(archivedAt, archived.lastArchivedAt());
    assertEquals(T0, archived.lastRecordedPullTime());
  }

  @Test
  void describeByIdsFindsByDigestOrTagAndFailsOnAMissingOne() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    fixture.emulator.pushImage(REGION, "app", B, List.of("v2"), T0);

    List<ImageDetail> found =
        ecr.describeImages(r -> r.repositoryName("app").imageIds(byTag("v2"), byDigest(A)))
            .imageDetails();

    assertEquals(List.of(B, A), found.stream().map(ImageDetail::imageDigest).toList());
    assertThrows(
        ImageNotFoundException.class,
        () -> ecr.describeImages(r -> r.repositoryName("app").imageIds(byTag("v3"))));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.describeImages(r -> r.repositoryName("app").imageIds(byTag("v1")).maxResults(5)));
  }

  @Test
  void describeAndListPageThroughEveryImage() {
    for (int i = 0; i < 5; i++) {
      fixture.emulator.pushImage(REGION, "app", digest((char) ('a' + i)), List.of("t" + i), T0);
    }
    fixture.emulator.pushImage(REGION, "app", digest('f'), List.of("x", "y"), T0);

    long described =
        ecr
            .describeImagesPaginator(r -> r.repositoryName("app").maxResults(2))
            .imageDetails()
            .stream()
            .count();
    List<ImageIdentifier> listed =
        ecr.listImagesPaginator(r -> r.repositoryName("app").maxResults(2)).imageIds().stream()
            .toList();

    assertEquals(6, described);
    assertEquals(7, listed.size(), "one entry per tag");
    assertEquals(7, listed.stream().distinct().count());
  }

  @Test
  void listImagesFiltersByTagStatus() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    fixture.emulator.pushImage(REGION, "app", B, List.of(), T0);

    assertEquals(
        List.of(byDigest(B)),
        ecr.listImages(r -> r.repositoryName("app").filter(f -> f.tagStatus(TagStatus.UNTAGGED)))
            .imageIds());
    assertEquals(
        List.of(ImageIdentifier.builder().imageDigest(A).imageTag("v1").build()),
        ecr.listImages(r -> r.repositoryName("app").filter(f -> f.tagStatus(TagStatus.TAGGED)))
            .imageIds());
  }

  @Test
  void batchDeleteByTagRemovesOnlyThatTag() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1", "latest"), T0);

    BatchDeleteImageResponse response =
        ecr.batchDeleteImage(r -> r.repositoryName("app").imageIds(byTag("latest")));

    assertEquals(
        List.of(ImageIdentifier.builder().imageDigest(A).imageTag("latest").build()),
        response.imageIds());
    assertTrue(response.failures().isEmpty());
    assertEquals(Set.of("v1"), tagsOf(A));
  }

  @Test
  void batchDeleteOfTheLastTagDeletesTheImage() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1"), T0);

    ecr.batchDeleteImage(r -> r.repositoryName("app").imageIds(byTag("v1")));

    assertEquals(List.of(), digests());
  }

  @Test
  void batchDeleteByDigestRemovesTheImageAndListsEveryTag() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1", "latest"), T0);
    fixture.emulator.pushImage(REGION, "app", B, List.of(), T0);

    BatchDeleteImageResponse response =
        ecr.batchDeleteImage(r -> r.repositoryName("app").imageIds(byDigest(A), byDigest(B)));

    assertEquals(
        Set.of(
            ImageIdentifier.builder().imageDigest(A).imageTag("v1").build(),
            ImageIdentifier.builder().imageDigest(A).imageTag("latest").build(),
            byDigest(B)),
        Set.copyOf(response.imageIds()));
    assertEquals(List.of(), digests());
  }

  @Test
  void batchDeleteReportsEachBadIdAsAFailure() {
    fixture.emulator.pushImage(REGION, "app", A, List.of("v1"), T0);

    BatchDeleteImageResponse response =
        ecr.batchDeleteImage(
            r ->
                r.repositoryName("app")
                    .imageIds(
                        byTag("absent"),
                        ImageIdentifier.builder().build(),
                        byDigest("not-a-digest"),
                        ImageIdentifier.builder().imageDigest(A).imageTag("other").build(),
                        byDigest(A)));

    assertEquals(
        List.of(
            ImageFailureCode.IMAGE_NOT_FOUND,
            ImageFailureCode.MISSING_DIGEST_AND_TAG,
            ImageFailureCode.INVALID_IMAGE_DIGEST,
            ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST),
        response.failures().stream().map(f -> f.failureCode()).toList());
    assertEquals("Requested image not found", response.failures().get(0).failureReason());
    assertEquals(byTag("absent"), response.failures().get(0).imageId());
    assertEquals(1, response.imageIds().size());
    assertEquals(List.of(), digests());
  }

  @Test
  void batchDeleteNeedsImageIds() {
    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.batchDeleteImage(r -> r.repositoryName("app")));
    assertTrue(e.getMessage().contains("'imageIds'"), e.getMessage());
  }
}
