package dev.operators.ecr.sync;

import dev.operators.ecr.api.ImagesAtRiskStatus;
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

  /** What a status recorded; null when it recorded none, or not as this operator writes it. */
  public static ImagesAtRisk recorded(ImagesAtRiskStatus risk) {
    if (risk == null
        || risk.getExpiring() == null
        || risk.getArchiving() == null
        || risk.getDigests() == null
        || risk.getWorkloads() == null) {
      return null;
    }
    return new ImagesAtRisk(
        risk.getExpiring(), risk.getArchiving(), risk.getDigests(), risk.getWorkloads());
  }

  /** Whether the policy would take any image in use. */
  public boolean any() {
    return expiring + archiving > 0;
  }
}
