package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One repository creation template of a registry, as ECR reports it; absent settings are null
 * (empty lists and maps for the filters, tags and scenarios). Immutable: an update stores a new
 * one.
 */
record StoredCreationTemplate(
    String prefix,
    String description,
    String encryptionType,
    String kmsKey,
    Map<String, String> resourceTags,
    String imageTagMutability,
    List<String> exclusionFilters,
    String repositoryPolicy,
    String lifecyclePolicy,
    List<String> appliedFor,
    String customRoleArn,
    Instant createdAt,
    Instant updatedAt) {

  /** The template's prefix without the trailing {@code /} that ECR always assumes. */
  String namespace() {
    return PullThroughCacheOperations.withoutTrailingSlash(prefix);
  }
}
