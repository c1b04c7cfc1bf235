package dev.operators.ecr.aws;

import java.util.Map;
import java.util.Optional;

/**
 * Every ECR call the operator makes. Failures are thrown as {@link EcrException}; "not there"
 * answers that the operator expects are return values, not exceptions.
 */
public interface EcrPort {

  /** DescribeRepositories for one name; empty when it does not exist. */
  Optional<RepositoryInfo> describeRepository(RepositoryRef ref);

  /** CreateRepository with its tags in the same call, so it is never untagged. */
  RepositoryInfo createRepository(RepositoryRef ref, Map<String, String> tags);

  /** ListTagsForResource. */
  Map<String, String> listTags(RepositoryRef ref, String repositoryArn);

  /** TagResource: adds or overwrites the given tags. */
  void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags);

  /** GetLifecyclePolicy; empty when the repository has none. */
  Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref);

  /** PutLifecyclePolicy. */
  void putLifecyclePolicy(RepositoryRef ref, String policyText);

  /** DeleteLifecyclePolicy; false when there was none. */
  boolean deleteLifecyclePolicy(RepositoryRef ref);

  /**
   * DeleteRepository; false when it was already gone. Throws {@link EcrErrorKind#NOT_EMPTY} when it
   * holds images and {@code force} is false.
   */
  boolean deleteRepository(RepositoryRef ref, boolean force);
}
