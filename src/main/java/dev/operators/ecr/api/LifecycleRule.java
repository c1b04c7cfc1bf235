package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One rule of a lifecycle policy, with ECR's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleRule {

  @JsonPropertyDescription(
      "Order of evaluation, 1 first. When no rule has one, rules are numbered in list order.")
  @Min(1)
  private Integer rulePriority;

  private String description;

  @Required private RuleSelection selection;

  @Required private RuleAction action;

  public Integer getRulePriority() {
    return rulePriority;
  }

  public void setRulePriority(Integer rulePriority) {
    this.rulePriority = rulePriority;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public RuleSelection getSelection() {
    return selection;
  }

  public void setSelection(RuleSelection selection) {
    this.selection = selection;
  }

  public RuleAction getAction() {
    return action;
  }

  public void setAction(RuleAction action) {
    this.action = action;
  }
}
