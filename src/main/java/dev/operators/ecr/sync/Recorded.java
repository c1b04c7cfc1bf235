package dev.operators.ecr.sync;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import java.util.List;

/**
 * What the status recorded after the last pass, as a pass reads it; every field null for a new
 * resource.
 *
 * @param arn the repository's ARN, with {@code uri} and {@code registryId} what ECR reported
 * @param managedTagKeys the tag keys this operator managed
 * @param repositoryPolicyDigest the repository policy this operator applied
 * @param lifecyclePolicyDigest the lifecycle policy this operator applied
 * @param preview the last preview of that lifecycle policy
 */
record Recorded(
    String arn,
    String uri,
    String registryId,
    List<String> managedTagKeys,
    String repositoryPolicyDigest,
    String lifecyclePolicyDigest,
    PolicyPreview preview) {

  static Recorded of(EcrRepositoryStatus status) {
    if (status == null) {
      return new Recorded(null, null, null, null, null, null, null);
    }
    AppliedLifecyclePolicy applied = status.getLifecyclePolicy();
    LifecyclePreviewStatus preview = status.getPreview();
    return new Recorded(
        status.getRepositoryArn(),
        status.getRepositoryUri(),
        status.getRegistryId(),
        status.getManagedTagKeys(),
        status.getRepositoryPolicyDigest(),
        applied == null ? null : applied.getDigest(),
        preview == null
            ? null
            : new PolicyPreview(
                preview.getPolicyDigest(),
                preview.getExpiring(),
                preview.getTransitioning(),
                preview.getComputedAt()));
  }
}
