package dev.operators.ecr.aws;

import java.time.Instant;
import java.util.List;

/**
 * A repository as ECR describes it.
 *
 * @param exclusionFilters the tag mutability exclusion filters (all of type WILDCARD) in ECR's
 *     order; empty when there are none
 * @param encryption null only if ECR reported none
 */
public record RepositoryInfo(
    String name,
    String arn,
    String uri,
    String registryId,
    Instant createdAt,
    String imageTagMutability,
    List<String> exclusionFilters,
    boolean scanOnPush,
    Encryption encryption) {

  public RepositoryInfo {
    exclusionFilters = exclusionFilters == null ? List.of() : List.copyOf(exclusionFilters);
  }
}
