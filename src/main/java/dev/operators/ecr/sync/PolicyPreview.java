package dev.operators.ecr.sync;

import java.math.BigDecimal;

/**
 * What a lifecycle policy would do now: the counts as ECR's own preview computed them, the bytes
 * and money as the product's evaluator finds them over the repository's images (ECR's preview
 * reports no sizes), and those images' storage.
 *
 * @param policyDigest the policy the preview is for
 * @param expiring images it would expire now
 * @param transitioning images it would move to archive now
 * @param computedAt when ECR computed it, as an ISO-8601 instant
 * @param expiringBytes the sizes of the images it would expire; null when not known
 * @param transitioningBytes the sizes of the images it would move to archive; null when not known
 * @param monthlySavings what its actions save a month at the configured prices, in US dollars
 *     rounded to the cent; null when not known
 * @param storage the repository's images and bytes when the preview was computed; null when not
 *     known
 * @param atRisk the images in use the policy would expire or archive; null when the operator does
 *     not watch what runs, or did not assess this preview
 */
public record PolicyPreview(
    String policyDigest,
    Long expiring,
    Long transitioning,
    String computedAt,
    Long expiringBytes,
    Long transitioningBytes,
    BigDecimal monthlySavings,
    RepositoryStorage storage,
    ImagesAtRisk atRisk) {

  /**
   * A preview of a repository that holds no image: nothing to do, nothing stored, nothing in use at
   * risk ({@code atRisk} null when the guard is off).
   */
  static PolicyPreview empty(String policyDigest, String computedAt, ImagesAtRisk atRisk) {
    return new PolicyPreview(
        policyDigest,
        0L,
        0L,
        computedAt,
        0L,
        0L,
        LifecyclePreviews.cents(BigDecimal.ZERO),
        RepositoryStorage.EMPTY,
        atRisk);
  }
}
