package dev.operators.ecr.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A view of a port that forwards every read and withholds every call that would change ECR ({@link
 * EcrOperation#changesEcr()}): a paused resource's pass runs the same comparison as any other over
 * it, and what it would have written tells what differs. A withheld call answers as if it had
 * succeeded (a delete: deleted; a removal of image tags: none refused), except a repository's
 * creation, which nothing after it could observe: it throws {@link WriteWithheldException}. A
 * lifecycle preview is neither started nor read: a paused pass computes none.
 */
public final class ReadOnlyEcrPort extends EcrPort.Forwarding {

  public ReadOnlyEcrPort(EcrPort next) {
    super(next);
  }

  /** Every method that changes ECR and returns nothing ends here, and is not forwarded. */
  @Override
  protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
    return operation.changesEcr() ? null : call.get();
  }

  @Override
  public RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags) {
    throw new WriteWithheldException(EcrOperation.CREATE_REPOSITORY, ref.toString());
  }

  @Override
  public boolean deleteRepositoryPolicy(RepositoryRef ref) {
    return true;
  }

  @Override
  public boolean deleteLifecyclePolicy(RepositoryRef ref) {
    return true;
  }

  @Override
  public Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref) {
    return Optional.empty();
  }

  @Override
  public Optional<ImageManifest> getManifest(RepositoryRef ref, String digest) {
    return Optional.empty();
  }

  @Override
  public Map<String, String> untagImages(RepositoryRef ref, List<String> tags) {
    return Map.of();
  }

  @Override
  public boolean deleteRepository(RepositoryRef ref, boolean force) {
    return true;
  }

  @Override
  public boolean deletePullThroughCacheRule(String region, String prefix) {
    return true;
  }

  @Override
  public boolean deleteRepositoryCreationTemplate(String region, String prefix) {
    return true;
  }

  @Override
  public boolean deleteRegistryPolicy(String region) {
    return true;
  }

  @Override
  public boolean deleteSigning(String region) {
    return true;
  }

  @Override
  public boolean deregisterPullTimeUpdateExclusion(String region, String principalArn) {
    return true;
  }
}
