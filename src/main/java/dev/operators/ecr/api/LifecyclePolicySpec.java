package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** ECR's lifecycle policy document in structured form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePolicySpec {

  @Required
  @Size(min = 1, max = 50)
  private List<LifecycleRule> rules;

  public List<LifecycleRule> getRules() {
    return rules;
  }

  public void setRules(List<LifecycleRule> rules) {
    this.rules = rules;
  }
}
