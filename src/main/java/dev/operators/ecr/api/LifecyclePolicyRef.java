package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to a shared EcrLifecyclePolicy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePolicyRef {

  @JsonPropertyDescription("Name of the EcrLifecyclePolicy (cluster-scoped).")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  public LifecyclePolicyRef() {}

  public LifecyclePolicyRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
