package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed of a pull-through cache rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrPullThroughCacheRuleStatus extends SettingStatus {

  @JsonPropertyDescription("The prefix of the rule in ECR this resource manages.")
  private String ecrRepositoryPrefix;

  @JsonPropertyDescription(
      "ECR's check of the rule (ValidatePullThroughCacheRule): whether the upstream is reachable"
          + " with the rule's credentials.")
  private UpstreamValidation upstream;

  public String getEcrRepositoryPrefix() {
    return ecrRepositoryPrefix;
  }

  public void setEcrRepositoryPrefix(String ecrRepositoryPrefix) {
    this.ecrRepositoryPrefix = ecrRepositoryPrefix;
  }

  public UpstreamValidation getUpstream() {
    return upstream;
  }

  public void setUpstream(UpstreamValidation upstream) {
    this.upstream = upstream;
  }
}
