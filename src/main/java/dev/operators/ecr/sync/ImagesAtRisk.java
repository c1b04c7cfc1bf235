package dev.operators.ecr.sync;

import java.util.List;

/**
 * What a lifecycle policy would take from running workloads: the images in use it would expire or
 * move to archive now.
 *
 * @param expiring images in use the policy would expire
 * @param archiving images in use the policy would move to archive
 * @param digests the first {@link InUseGuard#DIGESTS_SHOWN} of those images' digests, sorted
 * @param workloads the first {@link InUseGuard#WORKLOADS_SHOWN} workloads that use them, sorted,
 *     such as {@code Deployment team/api}
 */
public record ImagesAtRisk(
    long expiring, long archiving, List<String> digests, List<String> workloads) {

  /** Nothing in use is at risk. */
  public static final ImagesAtRisk NONE = new ImagesAtRisk(0, 0, List.of(), List.of());

  public ImagesAtRisk {
    digests = List.copyOf(digests);
    workloads = List.copyOf(workloads);
  }

  /** Whether the policy would take any image in use. */
  public boolean any() {
    return expiring + archiving > 0;
  }
}
