package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One signing rule: images pushed to the repositories it selects are signed with a profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningRuleSpec {

  /** ECR's AWS Signer profile ARN. */
  public static final String PROFILE_ARN_PATTERN =
      "^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$";

  /** ECR's signing filter (WILDCARD_MATCH). */
  public static final String FILTER_PATTERN =
      "^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$";

  public static final int MAX_PROFILE_ARN = 200;
  public static final int MAX_FILTERS = 100;
  public static final int MAX_FILTER = 256;

  @JsonPropertyDescription(
      "ARN of the AWS Signer profile, e.g."
          + " arn:aws:signer:eu-west-1:123456789012:/signing-profiles/releases.")
  @Required
  @Size(max = MAX_PROFILE_ARN)
  @Pattern(PROFILE_ARN_PATTERN)
  private String signingProfileArn;

  @JsonPropertyDescription(
      "Repository name filters with * as wildcard (ECR's WILDCARD_MATCH filters), 1 to 100; a"
          + " set. Absent: every repository.")
  @Size(min = 1, max = MAX_FILTERS)
  private List<@Pattern(FILTER_PATTERN) @Size(min = 1, max = MAX_FILTER) String> repositoryFilters;

  public String getSigningProfileArn() {
    return signingProfileArn;
  }

  public void setSigningProfileArn(String signingProfileArn) {
    this.signingProfileArn = signingProfileArn;
  }

  public List<String> getRepositoryFilters() {
    return repositoryFilters;
  }

  public void setRepositoryFilters(List<String> repositoryFilters) {
    this.repositoryFilters = repositoryFilters;
  }
}
