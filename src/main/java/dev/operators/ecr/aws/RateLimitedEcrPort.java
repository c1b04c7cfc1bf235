package dev.operators.ecr.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link EcrPort} whose every call first waits for its region's rate limit. A call that pages
 * (countImages) takes one turn for all its pages: it is rare, made only when a policy changes.
 */
public final class RateLimitedEcrPort implements EcrPort {
  private final EcrPort ecr;
  private final CallRateLimiter limiter;

  public RateLimitedEcrPort(EcrPort ecr, CallRateLimiter limiter) {
    this.ecr = ecr;
    this.limiter = limiter;
  }

  private RepositoryRef turn(RepositoryRef ref) {
    limiter.acquire(ref.region());
    return ref;
  }

  @Override
  public Optional<RepositoryInfo> describeRepository(RepositoryRef ref) {
    return ecr.describeRepository(turn(ref));
  }

  /** One turn for the whole call, however many names it carries. */
  @Override
  public Map<String, RepositoryInfo> describeRepositories(String region, List<String> names) {
    limiter.acquire(region);
    return ecr.describeRepositories(region, names);
  }

  @Override
  public RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags) {
    return ecr.createRepository(turn(ref), settings, tags);
  }

  @Override
  public void putImageTagMutability(
      RepositoryRef ref, String mutability, List<String> exclusionFilters) {
    ecr.putImageTagMutability(turn(ref), mutability, exclusionFilters);
  }

  @Override
  public void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush) {
    ecr.putImageScanningConfiguration(turn(ref), scanOnPush);
  }

  @Override
  public Map<String, String> listTags(RepositoryRef ref, String repositoryArn) {
    return ecr.listTags(turn(ref), repositoryArn);
  }

  @Override
  public void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags) {
    ecr.tagResource(turn(ref), repositoryArn, tags);
  }

  @Override
  public void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys) {
    ecr.untagResource(turn(ref), repositoryArn, tagKeys);
  }

  @Override
  public Optional<String> getRepositoryPolicy(RepositoryRef ref) {
    return ecr.getRepositoryPolicy(turn(ref));
  }

  @Override
  public void setRepositoryPolicy(RepositoryRef ref, String policyText) {
    ecr.setRepositoryPolicy(turn(ref), policyText);
  }

  @Override
  public boolean deleteRepositoryPolicy(RepositoryRef ref) {
    return ecr.deleteRepositoryPolicy(turn(ref));
  }

  @Override
  public Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref) {
    return ecr.getLifecyclePolicy(turn(ref));
  }

  @Override
  public void putLifecyclePolicy(RepositoryRef ref, String policyText) {
    ecr.putLifecyclePolicy(turn(ref), policyText);
  }

  @Override
  public boolean deleteLifecyclePolicy(RepositoryRef ref) {
    return ecr.deleteLifecyclePolicy(turn(ref));
  }

  @Override
  public void startLifecyclePolicyPreview(RepositoryRef ref, String policyText) {
    ecr.startLifecyclePolicyPreview(turn(ref), policyText);
  }

  @Override
  public Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref) {
    return ecr.getLifecyclePolicyPreview(turn(ref));
  }

  @Override
  public long countImages(RepositoryRef ref) {
    return ecr.countImages(turn(ref));
  }

  @Override
  public boolean deleteRepository(RepositoryRef ref, boolean force) {
    return ecr.deleteRepository(turn(ref), force);
  }
}
