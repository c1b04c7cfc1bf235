package dev.operators.ecr.sync;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.api.StorageClassUsage;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the status recorded after the last pass, as a pass reads it; every field null for a new
 * resource.
 *
 * @param arn the repository's ARN, with {@code uri} and {@code registryId} what ECR reported
 * @param managedTagKeys the tag keys this operator managed
 * @param repositoryPolicyDigest the repository policy this operator applied
 * @param lifecyclePolicyDigest the lifecycle policy this operator applied, as declared
 * @param appliedLifecyclePolicyDigest the lifecycle policy this operator put on the repository: the
 *     declared one, or the protection rule and the declared rules
 * @param preview the last preview of that lifecycle policy
 * @param protectedImages the images that carried this cluster's protection tag
 */
record Recorded(
    String arn,
    String uri,
    String registryId,
    List<String> managedTagKeys,
    String repositoryPolicyDigest,
    String lifecyclePolicyDigest,
    String appliedLifecyclePolicyDigest,
    PolicyPreview preview,
    long protectedImages) {

  static Recorded of(EcrRepositoryStatus status) {
    if (status == null) {
      return new Recorded(null, null, null, null, null, null, null, null, 0);
    }
    AppliedLifecyclePolicy applied = status.getLifecyclePolicy();
    LifecyclePreviewStatus preview = status.getPreview();
    ProtectionStatus protection = status.getProtection();
    return new Recorded(
        status.getRepositoryArn(),
        status.getRepositoryUri(),
        status.getRegistryId(),
        status.getManagedTagKeys(),
        status.getRepositoryPolicyDigest(),
        applied == null ? null : applied.getDigest(),
        applied == null
            ? null
            : applied.getAppliedDigest() != null ? applied.getAppliedDigest() : applied.getDigest(),
        preview == null ? null : preview(preview, status.getStorage()),
        protection == null || protection.getProtectedImages() == null
            ? 0
            : protection.getProtectedImages());
  }

  /**
   * The same, without the last preview: a pass asked for by a person computes the preview again,
   * however young the recorded one.
   */
  Recorded withoutPreview() {
    return new Recorded(
        arn,
        uri,
        registryId,
        managedTagKeys,
        repositoryPolicyDigest,
        lifecyclePolicyDigest,
        appliedLifecyclePolicyDigest,
        null,
        protectedImages);
  }

  private static PolicyPreview preview(
      LifecyclePreviewStatus preview, RepositoryStorageStatus storage) {
    return new PolicyPreview(
        preview.getPolicyDigest(),
        preview.getExpiring(),
        preview.getTransitioning(),
        preview.getComputedAt(),
        preview.getExpiringBytes(),
        preview.getTransitioningBytes(),
        money(preview.getMonthlySavings()),
        storage == null ? null : storage(storage),
        ImagesAtRisk.recorded(preview.getInUseAtRisk()));
  }

  /**
   * The amount of {@code "1.25 USD/month"}; null for none, or for text the operator never wrote.
   */
  static BigDecimal money(String text) {
    String suffix = " " + LifecyclePreviewStatus.MONEY_UNIT;
    if (text == null || !text.endsWith(suffix)) {
      return null;
    }
    try {
      return new BigDecimal(text.substring(0, text.length() - suffix.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static RepositoryStorage storage(RepositoryStorageStatus storage) {
    StorageClassUsage standard = storage.getStandard();
    StorageClassUsage archive = storage.getArchive();
    if (standard == null
        || archive == null
        || standard.getImages() == null
        || standard.getBytes() == null
        || archive.getImages() == null
        || archive.getBytes() == null) {
      return null; // not a status this operator wrote: read again at the next preview
    }
    return new RepositoryStorage(
        standard.getImages(), standard.getBytes(), archive.getImages(), archive.getBytes());
  }
}
