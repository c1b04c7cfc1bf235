package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One rule of a lifecycle policy, with ECR's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.selection.countType != 'sinceImagePulled' || self.action.type == 'transition'",
    message =
        "countType sinceImagePulled can only transition images; set action type: transition with"
            + " targetStorageClass: archive, then expire them with a sinceImageTransitioned rule")
@ValidationRule(
    value = "self.selection.countType != 'sinceImageTransitioned' || self.action.type == 'expire'",
    message = "countType sinceImageTransitioned can only expire images; set action type: expire")
public class LifecycleRule {

  @JsonPropertyDescription(
      "Order of evaluation, 1 first. When no rule has one, rules are numbered in list order.")
  @Min(1)
  @Max(Integer.MAX_VALUE)
  private Integer rulePriority;

  @JsonPropertyDescription("Free text, shown by ECR with the rule.")
  private String description;

  @JsonPropertyDescription(
      "Which images the rule acts on: tagStatus (with tag prefixes or patterns), storageClass,"
          + " and countType with countNumber (and countUnit).")
  @Required
  private RuleSelection selection;

  @JsonPropertyDescription("What happens to the selected images: expire, or transition to archive.")
  @Required
  private RuleAction action;

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
