package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What a lifecycle rule does to the images it selects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'transition' || has(self.targetStorageClass)",
    message = "type transition needs a target; add targetStorageClass: archive")
@ValidationRule(
    value = "self.type != 'expire' || !has(self.targetStorageClass)",
    message = "targetStorageClass is only allowed with type transition; remove it")
public class RuleAction {

  @JsonPropertyDescription("expire deletes the images; transition moves them to archive.")
  @Required
  @SchemaFrom(type = Type.class)
  private String type;

  @JsonPropertyDescription("With type transition: archive.")
  @SchemaFrom(type = TargetStorageClass.class)
  private String targetStorageClass;

  // The values the schema allows (its enum). The fields stay Strings so that a resource that
  // bypassed admission still reads, and the operator can say what is wrong with it.

  private enum Type {
    @JsonProperty("expire")
    EXPIRE,
    @JsonProperty("transition")
    TRANSITION
  }

  private enum TargetStorageClass {
    @JsonProperty("archive")
    ARCHIVE
  }

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
