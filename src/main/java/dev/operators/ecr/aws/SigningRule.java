package dev.operators.ecr.aws;

import java.util.List;
import java.util.Objects;

/**
 * One rule of ECR managed signing: images pushed to repositories matching one of {@code
 * wildcardFilters} (every repository when there is none) are signed with the AWS Signer profile.
 */
public record SigningRule(String signingProfileArn, List<String> wildcardFilters) {
  /** A null list of filters is an empty one. */
  public SigningRule {
    Objects.requireNonNull(signingProfileArn, "signingProfileArn");
    wildcardFilters = wildcardFilters == null ? List.of() : List.copyOf(wildcardFilters);
  }
}
