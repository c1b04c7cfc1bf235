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
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageDigestDoesNotMatchException;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.PutImageResponse;

/**
 * What protecting an image in use takes, through the real SDK client: BatchGetImage (the manifest,
 * and a recorded pull), PutImage with that manifest and a new tag, BatchDeleteImage of that tag,
 * and the image sizes DescribeImages reports.
 */
class EcrEmulatorPullAndRetagTest {
  private static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorFixture fixture = new EmulatorFixture().withRepository("app");
  private final EcrEmulator emulator = fixture.emulator;
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static ImageIdentifier byTag(String tag) {
    return ImageIdentifier.builder().imageTag(tag).build();
  }

  private static ImageIdentifier byDigest(String digest) {
    return ImageIdentifier.builder().imageDigest(digest).build();
  }

  private static ImageIdentifier id(String digest, String tag) {
    return ImageIdentifier.builder().imageDigest(digest).imageTag(tag).build();
  }

  private BatchGetImageResponse get(ImageIdentifier... ids) {
    return ecr.batchGetImage(r -> r.repositoryName("app").imageIds(ids));
  }

  /** The image BatchGetImage returns for {@code tag}, put again with {@code newTag}. */
  private PutImageResponse retag(String tag, String newTag) {
    software.amazon.awssdk.services.ecr.model.Image image = get(byTag(tag)).images().get(0);
    return ecr.putImage(
        r ->
            r.repositoryName("app")
                .imageManifest(image.imageManifest())
                .imageManifestMediaType(image.imageManifestMediaType())
                .imageTag(newTag));
  }

  private ImageDetail detail(String digest) {
    return ecr.describeImages(r -> r.repositoryName("app").imageIds(byDigest(digest)))
        .imageDetails()
        .get(0);
  }

  private Image stored(String digest) {
    return emulator.images(REGION, "app").stream()
        .filter(i -> i.digest().equals(digest))
        .findFirst()
        .orElseThrow();
  }

  private Set<String> tagsOf(String digest) {
    return Set.copyOf(stored(digest).tags());
  }

  /** An archived image, pulled at {@code lastPulledAt} (or never, when null) before archiving. */
  private void seedArchived(String digest, String tag, Instant lastPulledAt, long size) {
    emulator.pushImage(
        REGION,
        "app",
        new Image(
            digest, List.of(tag), T0, lastPulledAt, StorageClass.ARCHIVE, T0.plusSeconds(60), null),
        size);
  }

  private void immutable() {
    ecr.putImageTagMutability(
        r -> r.repositoryName("app").imageTagMutability(ImageTagMutability.IMMUTABLE));
  }

  @Test
  void batchGetImageReturnsEachImageWithItsManifestByTagOrDigest() throws Exception {
    emulator.pushImage(REGION, "app", A, List.of("v1", "latest"), T0);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + DOCKER_V2
            + "\",\"config\":{\"size\":7},\"layers\":[{\"size\":1000}]}";
    String pushed =
        ecr.putImage(r -> r.repositoryName("app").imageManifest(manifest).imageTag("v2"))
            .image()
            .imageId()
            .imageDigest();

    BatchGetImageResponse response = get(byTag("v1"), byDigest(pushed), id(A, "latest"));

    assertEquals(List.of(), response.failures());
    assertEquals(
        List.of(id(A, "v1"), byDigest(pushed), id(A, "latest")),
        response.images().stream().map(i -> i.imageId()).toList());
    var seeded = response.images().get(0);
    assertEquals("123456789012", seeded.registryId());
    assertEquals("app", seeded.repositoryName());
    assertEquals(SeededManifest.MEDIA_TYPE, seeded.imageManifestMediaType());
    JsonNode seededManifest = JSON.readTree(seeded.imageManifest());
    assertEquals(SeededManifest.MEDIA_TYPE, seededManifest.path("mediaType").asText());
    assertEquals(
        A, seededManifest.path("annotations").path(SeededManifest.DIGEST_ANNOTATION).asText());
    assertEquals(manifest, response.images().get(1).imageManifest());
    assertEquals(DOCKER_V2, response.images().get(1).imageManifestMediaType());
  }

  @Test
  void batchGetImageReportsWhatItCannotReturnAsFailures() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    seedArchived(B, "old", null, 1_000);

    BatchGetImageResponse response =
        get(
            byTag("absent"),
            byDigest(C),
            ImageIdentifier.builder().build(),
            byDigest("not-a-digest"),
            id(A, "other"),
            byTag("old"),
            byTag("v1"));

    assertEquals(
        List.of(
            ImageFailureCode.IMAGE_NOT_FOUND,
            ImageFailureCode.IMAGE_NOT_FOUND,
            ImageFailureCode.MISSING_DIGEST_AND_TAG,
            ImageFailureCode.INVALID_IMAGE_DIGEST,
            ImageFailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST,
            ImageFailureCode.IMAGE_NOT_FOUND),
        response.failures().stream().map(ImageFailure::failureCode).toList());
    assertEquals(byTag("absent"), response.failures().get(0).imageId());
    assertEquals("Requested image not found", response.failures().get(0).failureReason());
    assertTrue(
        response.failures().get(5).failureReason().contains("archived"),
        response.failures().get(5).failureReason());
    assertEquals(List.of(id(A, "v1")), response.images().stream().map(i -> i.imageId()).toList());
  }

  @Test
  void batchGetImageNeedsOneToAHundredIds() {
    assertThrows(
        InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.repositoryName("app")));
    List<ImageIdentifier> tooMany = Collections.nCopies(101, byTag("v1"));
    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.batchGetImage(r -> r.repositoryName("app").imageIds(tooMany)));
    assertTrue(e.getMessage().contains("'imageIds'"), e.getMessage());
  }

  @Test
  void aPullIsRecordedForEveryImageReturnedAndForNothingElse() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    seedArchived(B, "old", T0, 1_000);
    emulator.pushImage(REGION, "app", C, List.of("v3"), T0);
    Instant pulledAt = T0.plus(Duration.ofDays(2));
    fixture.clock.set(pulledAt);

    get(byTag("v1"), byDigest(A), byTag("old"), byTag("absent"));

    assertEquals(pulledAt, detail(A).lastRecordedPullTime());
    assertNull(detail(C).lastRecordedPullTime());
    assertEquals(T0, stored(B).lastPulledAt());
  }

  @Test
  void aLifecyclePolicyCountsFromTheRecordedPull() {
    String archiveUnpulled =
        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
            + "\"sinceImagePulled\",\"countUnit\":\"days\",\"countNumber\":30},\"action\":"
            + "{\"type\":\"transition\",\"targetStorageClass\":\"archive\"}}]}";
    emulator.pushImage(REGION, "app", A, List.of("in-use"), T0);
    emulator.pushImage(REGION, "app", B, List.of("idle"), T0);
    ecr.putLifecyclePolicy(r -> r.repositoryName("app").lifecyclePolicyText(archiveUnpulled));
    fixture.clock.set(T0.plus(Duration.ofDays(20)));
    get(byTag("in-use"));

    LifecycleRun run = emulator.runLifecycle(REGION, "app", T0.plus(Duration.ofDays(40)));

    assertEquals(List.of(B), run.transitioned().stream().map(Image::digest).toList());
  }

  @Test
  void acceptedMediaTypesMustIncludeTheImagesOwn() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    fixture.clock.set(T0.plus(Duration.ofDays(1)));

    BatchGetImageResponse refused =
        ecr.batchGetImage(
            r -> r.repositoryName("app").imageIds(byTag("v1")).acceptedMediaTypes(DOCKER_V2));

    assertEquals(List.of(), refused.images());
    ImageFailure failure = refused.failures().get(0);
    assertEquals(ImageFailureCode.IMAGE_NOT_FOUND, failure.failureCode());
    assertTrue(
        failure.failureReason().contains(SeededManifest.MEDIA_TYPE), failure.failureReason());
    assertNull(detail(A).lastRecordedPullTime());
    BatchGetImageResponse accepted =
        ecr.batchGetImage(
            r ->
                r.repositoryName("app")
                    .imageIds(byTag("v1"))
                    .acceptedMediaTypes(DOCKER_V2, SeededManifest.MEDIA_TYPE));
    assertEquals(1, accepted.images().size());
    assertThrows(
        InvalidParameterException.class,
        () ->
            ecr.batchGetImage(
                r ->
                    r.repositoryName("app")
                        .imageIds(byTag("v1"))
                        .acceptedMediaTypes(Collections.nCopies(101, DOCKER_V2))));
  }

  @Test
  void aNewTagOnAnExistingImageIsAllowedInAnImmutableRepository() {
    immutable();
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.pushImage(REGION, "app", B, List.of("v2"), T0);
    fixture.clock.set(T0.plus(Duration.ofDays(3)));

    PutImageResponse put = retag("v1", "keep-a");

    assertEquals(id(A, "keep-a"), put.image().imageId());
    assertEquals(Set.of("v1", "keep-a"), tagsOf(A));
    assertEquals(2, emulator.images(REGION, "app").size());
    assertEquals(T0, detail(A).imagePushedAt(), "a retag is not a push");
  }

  @Test
  void movingATagIsRefusedInAnImmutableRepository() {
    immutable();
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.pushImage(REGION, "app", B, List.of("v2"), T0);

    ImageTagAlreadyExistsException e =
        assertThrows(ImageTagAlreadyExistsException.class, () -> retag("v2", "v1"));

    assertEquals(
        "The image tag 'v1' already exists in the 'app' repository and cannot be overwritten"
            + " because the repository is immutable.",
        e.awsErrorDetails().errorMessage());
    assertEquals(Set.of("v1"), tagsOf(A));
    assertEquals(Set.of("v2"), tagsOf(B));
  }

  @Test
  void aTagMovesToTheImagePutWithItInAMutableRepository() {
    emulator.pushImage(REGION, "app", A, List.of("v1", "latest"), T0);
    emulator.pushImage(REGION, "app", B, List.of("v2"), T0);

    retag("v2", "latest");

    assertEquals(Set.of("v1"), tagsOf(A));
    assertEquals(Set.of("v2", "latest"), tagsOf(B));
  }

  @Test
  void puttingATagAnImageAlreadyHasIsImageAlreadyExists() {
    immutable();
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);

    ImageAlreadyExistsException e =
        assertThrows(ImageAlreadyExistsException.class, () -> retag("v1", "v1"));

    assertEquals(
        "Image with digest '"
            + A
            + "' and tag 'v1' already exists in the repository with name 'app' in registry with"
            + " id '123456789012'",
        e.awsErrorDetails().errorMessage());
  }

  @Test
  void aGivenDigestMustBeTheImagesOwn() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    String manifest = get(byTag("v1")).images().get(0).imageManifest();

    ecr.putImage(
        r -> r.repositoryName("app").imageManifest(manifest).imageDigest(A).imageTag("keep"));
    ImageDigestDoesNotMatchException e =
        assertThrows(
            ImageDigestDoesNotMatchException.class,
            () ->
                ecr.putImage(
                    r ->
                        r.repositoryName("app")
                            .imageManifest(manifest)
                            .imageDigest(B)
                            .imageTag("other")));

    assertTrue(e.getMessage().contains(A), e.getMessage());
    assertEquals(Set.of("v1", "keep"), tagsOf(A));
  }

  @Test
  void aSeededManifestChangedInAnyWayIsAnotherImage() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    String manifest = get(byTag("v1")).images().get(0).imageManifest();
    String changed = manifest.replace("\"schemaVersion\":2", "\"schemaVersion\":2 ");

    String digest =
        ecr.putImage(r -> r.repositoryName("app").imageManifest(changed).imageTag("copy"))
            .image()
            .imageId()
            .imageDigest();

    assertEquals("sha256:" + ImageOperations.sha256(changed), digest);
    assertEquals(2, emulator.images(REGION, "app").size());
  }

  @Test
  void aManifestWithoutMediaTypeNeedsTheMediaTypeParameter() {
    String oci =
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"size\":7},\"layers\":[{\"size\":5}]}";

    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.putImage(r -> r.repositoryName("app").imageManifest(oci).imageTag("v1")));

    assertEquals(
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
        e.awsErrorDetails().errorMessage());
    ecr.putImage(
        r ->
            r.repositoryName("app")
                .imageManifest(oci)
                .imageManifestMediaType(SeededManifest.MEDIA_TYPE)
                .imageTag("v1"));
    assertEquals(
        SeededManifest.MEDIA_TYPE, get(byTag("v1")).images().get(0).imageManifestMediaType());
  }

  @Test
  void aManifestHasAtMostFourMebibytes() {
    String padding = " ".repeat(InputConstraints.MAX_IMAGE_MANIFEST);
    String tooLong =
        "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_V2 + "\"," + padding + "\"layers\":[]}";

    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.putImage(r -> r.repositoryName("app").imageManifest(tooLong)));

    assertTrue(e.getMessage().contains("'imageManifest'"), e.getMessage());
    assertEquals(List.of(), emulator.images(REGION, "app"));
  }

  @Test
  void releasingAProtectionTagLeavesTheImageItsOtherTagsAndTheLastTagTakesTheImage() {
    immutable();
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.pushImage(REGION, "app", B, List.of(), T0);
    retag("v1", "keep-a");
    ecr.putImage(
        r ->
            r.repositoryName("app")
                .imageManifest(get(byDigest(B)).images().get(0).imageManifest())
                .imageTag("keep-b"));

    ecr.batchDeleteImage(r -> r.repositoryName("app").imageIds(byTag("keep-a"), byTag("keep-b")));

    assertEquals(Set.of("v1"), tagsOf(A));
    assertEquals(List.of(A), emulator.images(REGION, "app").stream().map(Image::digest).toList());
  }

  @Test
  void everyImageHasASizeSeededOnesOneFixedByTheirDigest() {
    emulator.pushImage(REGION, "app", A, List.of("v1"), T0);
    emulator.pushImage(REGION, "app", Image.pushed(B, List.of("v2"), T0), 123_456_789L);
    seedArchived(C, "old", null, 42L);

    long sizeOfA = detail(A).imageSizeInBytes();
    ImageDetail archived =
        ecr.describeImages(r -> r.repositoryName("app").filter(f -> f.imageStatus("ARCHIVED")))
            .imageDetails()
            .get(0);

    assertEquals(SeededManifest.defaultSize(A), sizeOfA);
    assertTrue(sizeOfA >= 2_000_000 && sizeOfA <= 400_000_000, () -> "size " + sizeOfA);
    assertEquals(123_456_789L, detail(B).imageSizeInBytes());
    assertEquals(42L, archived.imageSizeInBytes());
    assertEquals(SeededManifest.MEDIA_TYPE, detail(A).imageManifestMediaType());
    assertThrows(
        IllegalArgumentException.class,
        () -> emulator.pushImage(REGION, "app", Image.pushed(C, List.of(), T0), 1));
  }

  @Test
  void theSizeOfASeededImageIsItsManifestsConfigAndLayers() throws Exception {
    emulator.pushImage(REGION, "app", Image.pushed(A, List.of("v1"), T0), 98_765_432L);

    JsonNode manifest = JSON.readTree(get(byTag("v1")).images().get(0).imageManifest());

    long blobs = manifest.path("config").path("size").asLong();
    assertTrue(blobs > 0, manifest::toString);
    for (JsonNode layer : manifest.path("layers")) {
      blobs += layer.path("size").asLong();
      assertTrue(layer.path("digest").asText().startsWith("sha256:"), layer::toString);
    }
    assertEquals(98_765_432L, blobs);
  }
}
