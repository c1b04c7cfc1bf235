package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** ECR's answer to ValidatePullThroughCacheRule, and when it was asked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpstreamValidation {
  @JsonPropertyDescription("Whether ECR reached the upstream with the rule's settings.")
  private Boolean valid;

  @JsonPropertyDescription("ECR's reason when it could not.")
  private String failure;

  @JsonPropertyDescription("Since when ECR has given this answer.")
  private String since;

  public UpstreamValidation() {}

  public UpstreamValidation(Boolean valid, String failure, String since) {
    this.valid = valid;
    this.failure = failure;
    this.since = since;
  }

  public Boolean getValid() {
    return valid;
  }

  public void setValid(Boolean valid) {
    this.valid = valid;
  }

  public String getFailure() {
    return failure;
  }

  public void setFailure(String failure) {
    this.failure = failure;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }
}
