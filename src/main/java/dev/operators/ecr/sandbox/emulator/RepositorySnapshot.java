package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A repository as the emulator holds it at one moment.
 *
 * @param kmsKey null unless one was given
 * @param lifecyclePolicyText the stored (minified) lifecycle policy; null when there is none
 * @param lifecyclePolicyLastEvaluatedAt when the lifecycle policy last ran; null if never
 * @param repositoryPolicyText null when there is none
 */
public record RepositorySnapshot(
    String region,
    String registryId,
    String name,
    String arn,
    String uri,
    Instant createdAt,
    String imageTagMutability,
    List<String> imageTagMutabilityExclusionFilters,
    boolean scanOnPush,
    String encryptionType,
    String kmsKey,
    Map<String, String> tags,
    String lifecyclePolicyText,
    Instant lifecyclePolicyLastEvaluatedAt,
    String repositoryPolicyText,
    int imageCount) {

  public RepositorySnapshot {
    imageTagMutabilityExclusionFilters = List.copyOf(imageTagMutabilityExclusionFilters);
    tags = Map.copyOf(tags);
  }

  static RepositorySnapshot of(String region, StoredRepository repository) {
    return new RepositorySnapshot(
        region,
        repository.registryId(),
        repository.name(),
        repository.arn(),
        repository.uri(),
        repository.createdAt(),
        repository.imageTagMutability(),
        repository.exclusionFilters(),
        repository.scanOnPush(),
        repository.encryptionType(),
        repository.kmsKey(),
        repository.tags(),
        repository.lifecyclePolicyText().orElse(null),
        repository.lifecycleLastEvaluatedAt(),
        repository.repositoryPolicyText().orElse(null),
        repository.images().size());
  }
}
