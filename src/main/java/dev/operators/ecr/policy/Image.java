package dev.operators.ecr.policy;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An image as the lifecycle evaluator sees it.
 *
 * @param lastPulledAt null when never pulled
 * @param archivedAt when it moved to archive; null for standard images
 * @param lastActivatedAt when it was last restored from archive; null if never
 * @param sizeInBytes its size as DescribeImages reports it ({@code imageSizeInBytes}); null when
 *     not known
 */
public record Image(
    String digest,
    List<String> tags,
    Instant pushedAt,
    Instant lastPulledAt,
    StorageClass storageClass,
    Instant archivedAt,
    Instant lastActivatedAt,
    Long sizeInBytes) {

  private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  public Image {
    tags = tags == null ? List.of() : List.copyOf(tags);
    storageClass = storageClass == null ? StorageClass.STANDARD : storageClass;
    if (sizeInBytes != null && sizeInBytes < 0) {
      throw new IllegalArgumentException("a size is 0 bytes or more: " + digest);
    }
  }

  /** An image of unknown size. */
  public Image(
      String digest,
      List<String> tags,
      Instant pushedAt,
      Instant lastPulledAt,
      StorageClass storageClass,
      Instant archivedAt,
      Instant lastActivatedAt) {
    this(digest, tags, pushedAt, lastPulledAt, storageClass, archivedAt, lastActivatedAt, null);
  }

  /** A standard-class image pushed at {@code pushedAt}, never pulled. */
  public static Image pushed(String digest, List<String> tags, Instant pushedAt) {
    return new Image(digest, tags, pushedAt, null, StorageClass.STANDARD, null, null);
  }

  /** The same image with other tags. */
  public Image withTags(List<String> newTags) {
    return new Image(
        digest,
        newTags,
        pushedAt,
        lastPulledAt,
        storageClass,
        archivedAt,
        lastActivatedAt,
        sizeInBytes);
  }

  /** The same image with a known size. */
  public Image withSize(long bytes) {
    return new Image(
        digest, tags, pushedAt, lastPulledAt, storageClass, archivedAt, lastActivatedAt, bytes);
  }

  /** True for {@code sha256:} and 64 hex digits, the form of ECR's image digests. */
  public static boolean isSha256Digest(String digest) {
    return digest != null && SHA256_DIGEST.matcher(digest).matches();
  }
}
