package dev.operators.ecr.aws;

import java.util.List;

/** Settings given to CreateRepository; a null field is left to ECR's default. */
public record RepositorySettings(
    String imageTagMutability,
    List<String> exclusionFilters,
    Boolean scanOnPush,
    Encryption encryption) {
  public static final RepositorySettings NONE = new RepositorySettings(null, null, null, null);

  /**
   * @param exclusionFilters wildcard filters, only with a {@code *_WITH_EXCLUSION} mutability; null
   *     or empty for none
   */
  public RepositorySettings {
    exclusionFilters = exclusionFilters == null ? null : List.copyOf(exclusionFilters);
  }
}
