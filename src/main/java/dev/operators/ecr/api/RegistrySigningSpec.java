package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The registry's managed signing configuration: rules in the order ECR keeps them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrySigningSpec {

  /** PutSigningConfiguration's limit on rules. */
  public static final int MAX_RULES = 10;

  @JsonPropertyDescription("Up to 10 rules, in order. Empty: nothing is signed.")
  @Size(max = MAX_RULES)
  private List<SigningRuleSpec> rules;

  public List<SigningRuleSpec> getRules() {
    return rules;
  }

  public void setRules(List<SigningRuleSpec> rules) {
    this.rules = rules;
  }
}
