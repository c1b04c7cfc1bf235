package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** ECR's lifecycle policy document in structured form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePolicySpec {

  /** ECR's quota of rules per lifecycle policy, not adjustable. */
  public static final int MAX_RULES = 50;

  @Required
  @Size(min = 1, max = MAX_RULES)
  @ValidationRule(
      value = "self.all(r, has(r.rulePriority)) || self.all(r, !has(r.rulePriority))",
      message =
          "some rules have a rulePriority and some do not; give every rule one, or remove them all"
              + " to number the rules in list order")
  @ValidationRule(
      value =
          "self.all(r, !has(r.rulePriority)"
              + " || self.exists_one(o, has(o.rulePriority) && o.rulePriority == r.rulePriority))",
      message = "two rules have the same rulePriority; give each rule its own")
  @ValidationRule(
      value =
          "self.all(r, r.selection.tagStatus != 'untagged'"
              + " || self.exists_one(o, o.selection.tagStatus == 'untagged'"
              + " && (has(o.selection.storageClass) ? o.selection.storageClass : 'standard')"
              + " == (has(r.selection.storageClass) ? r.selection.storageClass : 'standard')))",
      message =
          "only one rule per storageClass may select untagged images; merge the rules with"
              + " tagStatus untagged")
  @JsonPropertyDescription(
      "The lifecycle rules, 1 to 50; ECR evaluates them by rulePriority, lowest first.")
  private List<LifecycleRule> rules;

  public List<LifecycleRule> getRules() {
    return rules;
  }

  public void setRules(List<LifecycleRule> rules) {
    this.rules = rules;
  }
}
