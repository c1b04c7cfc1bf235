package dev.operators.ecr.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ECR call the operator makes. Failures are thrown as {@link EcrException}; "not there"
 * answers that the operator expects are return values, not exceptions.
 */
public interface EcrPort {
  /** The most names ECR takes in one DescribeRepositories call. */
  int MAX_DESCRIBE_NAMES = 100;

  /** DescribeRepositories for one name; empty when it does not exist. */
  Optional<RepositoryInfo> describeRepository(RepositoryRef ref);

  /**
   * DescribeRepositories for 1 to {@value #MAX_DESCRIBE_NAMES} names of one region's default
   * registry, in one call: the repositories found, by name. ECR answers for all or fails as a
   * whole: when any name does not exist it throws {@link EcrErrorKind#NOT_FOUND}, its message
   * naming the missing repository.
   */
  Map<String, RepositoryInfo> describeRepositories(String region, List<String> names);

  /**
   * CreateRepository with its settings and tags in the same call, so it is never untagged; {@link
   * RepositorySettings#NONE} leaves every setting to ECR's default.
   */
  RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags);

  /** PutImageTagMutability; null or empty {@code exclusionFilters} means none. */
  void putImageTagMutability(RepositoryRef ref, String mutability, List<String> exclusionFilters);

  /** PutImageScanningConfiguration: scan on push or not. */
  void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush);

  /** ListTagsForResource. */
  Map<String, String> listTags(RepositoryRef ref, String repositoryArn);

  /** TagResource: adds or overwrites the given tags. */
  void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags);

  /** UntagResource: removes the given tag keys; keys the repository does not have are ignored. */
  void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys);

  /** GetRepositoryPolicy, in ECR's layout rather than as it was set; empty when there is none. */
  Optional<String> getRepositoryPolicy(RepositoryRef ref);

  /** SetRepositoryPolicy: replaces the repository policy. */
  void setRepositoryPolicy(RepositoryRef ref, String policyText);

  /** DeleteRepositoryPolicy; false when there was none. */
  boolean deleteRepositoryPolicy(RepositoryRef ref);

  /** GetLifecyclePolicy; empty when the repository has none. */
  Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref);

  /** PutLifecyclePolicy. */
  void putLifecyclePolicy(RepositoryRef ref, String policyText);

  /** DeleteLifecyclePolicy; false when there was none. */
  boolean deleteLifecyclePolicy(RepositoryRef ref);

  /**
   * StartLifecyclePolicyPreview of {@code policyText}, or of the repository's current policy when
   * null ({@link EcrErrorKind#NOT_FOUND} if it has none). A preview already in progress counts as
   * started: compare {@link LifecyclePreview#policyText()} to know which text it evaluates.
   */
  void startLifecyclePolicyPreview(RepositoryRef ref, String policyText);

  /** GetLifecyclePolicyPreview, its summary counts only; empty when no preview was started. */
  Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref);

  /** ListImages through every page: the number of distinct ACTIVE images (ECR's default filter). */
  long countImages(RepositoryRef ref);

  /**
   * DeleteRepository; false when it was already gone. Throws {@link EcrErrorKind#NOT_EMPTY} when it
   * holds images and {@code force} is false.
   */
  boolean deleteRepository(RepositoryRef ref, boolean force);
}
