package dev.operators.ecr.policy;

import java.time.Instant;
import java.util.List;

/**
 * An image as the lifecycle evaluator sees it.
 *
 * @param lastPulledAt null when never pulled
 * @param archivedAt when it moved to archive; null for standard images
 * @param lastActivatedAt when it was last restored from archive; null if never
 */
public record Image(
    String digest,
    List<String> tags,
    Instant pushedAt,
    Instant lastPulledAt,
    StorageClass storageClass,
    Instant archivedAt,
    Instant lastActivatedAt) {

  public Image {
    tags = tags == null ? List.of() : List.copyOf(tags);
    storageClass = storageClass == null ? StorageClass.STANDARD : storageClass;
  }

  /** A standard-class image pushed at {@code pushedAt}, never pulled. */
  public static Image pushed(String digest, List<String> tags, Instant pushedAt) {
    return new Image(digest, tags, pushedAt, null, StorageClass.STANDARD, null, null);
  }
}
