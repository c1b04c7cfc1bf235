package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What a lifecycle rule does to the images it selects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuleAction {

  @Required
  @Pattern("^(expire|transition)$")
  private String type;

  @Pattern("^archive$")
  private String targetStorageClass;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getTargetStorageClass() {
    return targetStorageClass;
  }

  public void setTargetStorageClass(String targetStorageClass) {
    this.targetStorageClass = targetStorageClass;
  }
}
