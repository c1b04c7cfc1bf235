package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed of a repository creation template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrRepositoryCreationTemplateStatus extends SettingStatus {

  @JsonPropertyDescription("The prefix of the template in ECR this resource manages.")
  private String prefix;

  @JsonPropertyDescription(
      "The lifecycle policy the template gives new repositories: where it came from (inline,"
          + " text or ref), the EcrLifecyclePolicy for ref, and its digest and version. Absent"
          + " when the spec declares none.")
  private AppliedLifecyclePolicy lifecyclePolicy;

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public AppliedLifecyclePolicy getLifecyclePolicy() {
    return lifecyclePolicy;
  }

  public void setLifecyclePolicy(AppliedLifecyclePolicy lifecyclePolicy) {
    this.lifecyclePolicy = lifecyclePolicy;
  }
}
