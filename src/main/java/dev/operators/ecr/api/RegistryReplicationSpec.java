package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The registry's replication configuration: rules in the order ECR keeps them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistryReplicationSpec {

  /** PutReplicationConfiguration's limit on rules. */
  public static final int MAX_RULES = 10;

  @JsonPropertyDescription(
      "Up to 10 rules, in order; together at most 25 distinct destinations. Empty: no"
          + " replication.")
  @Size(max = MAX_RULES)
  private List<ReplicationRuleSpec> rules;

  public List<ReplicationRuleSpec> getRules() {
    return rules;
  }

  public void setRules(List<ReplicationRuleSpec> rules) {
    this.rules = rules;
  }
}
