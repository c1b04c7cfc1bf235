package dev.operators.ecr.aws;

import java.time.Instant;
import java.util.List;

/**
 * One image as DescribeImages reports it: what the operator needs to evaluate a lifecycle policy
 * over it and to count its storage.
 *
 * @param tags its tags; empty when untagged
 * @param lastPulledAt {@code lastRecordedPullTime}; null when never pulled
 * @param sizeInBytes {@code imageSizeInBytes}; null when ECR did not report it
 * @param status {@code imageStatus}: ACTIVE, ARCHIVED or ACTIVATING
 * @param archivedAt {@code lastArchivedAt}; null when never archived
 * @param activatedAt {@code lastActivatedAt}; null when never restored from archive
 */
public record ImageInfo(
    String digest,
    List<String> tags,
    Instant pushedAt,
    Instant lastPulledAt,
    Long sizeInBytes,
    String status,
    Instant archivedAt,
    Instant activatedAt) {
  /** ECR's status of an image in the archive storage class. */
  public static final String ARCHIVED = "ARCHIVED";

  /** ECR's status of an archived image being restored to the standard storage class. */
  public static final String ACTIVATING = "ACTIVATING";

  public ImageInfo {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
