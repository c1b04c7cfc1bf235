package dev.operators.ecr.aws;

import java.util.List;
import java.util.Map;

/**
 * A repository creation template as ECR reports it: the settings ECR gives the repositories it
 * creates for the scenarios in {@code appliedFor} ({@code REPLICATION}, {@code PULL_THROUGH_CACHE},
 * {@code CREATE_ON_PUSH}). Absent texts are null; absent lists and maps are empty (never null).
 *
 * @param lifecyclePolicy the lifecycle policy text, as ECR stores it (minified)
 * @param repositoryPolicy the repository policy text, in ECR's layout
 */
public record RepositoryCreationTemplate(
    String prefix,
    String description,
    List<String> appliedFor,
    String encryptionType,
    String kmsKey,
    String imageTagMutability,
    List<String> imageTagMutabilityExclusionFilters,
    String lifecyclePolicy,
    String repositoryPolicy,
    Map<String, String> resourceTags,
    String customRoleArn) {

  public RepositoryCreationTemplate {
    appliedFor = appliedFor == null ? List.of() : List.copyOf(appliedFor);
    imageTagMutabilityExclusionFilters =
        imageTagMutabilityExclusionFilters == null
            ? List.of()
            : List.copyOf(imageTagMutabilityExclusionFilters);
    resourceTags = resourceTags == null ? Map.of() : Map.copyOf(resourceTags);
  }
}
