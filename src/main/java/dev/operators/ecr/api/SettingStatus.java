package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What every registry-level resource (a pull-through cache rule, a creation template, the
 * registry's settings) reports, as kubectl, Argo CD and Flux read it; each kind adds its own
 * fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SettingStatus extends ResourceStatus {

  @JsonPropertyDescription("AWS region the setting lives in.")
  private String region;

  @JsonPropertyDescription(
      "True once ECR carries what this resource declares, created or adopted by it: only then"
          + " does deleting the resource (deletionPolicy Delete) remove it from ECR.")
  private Boolean managed;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getManaged() {
    return managed;
  }

  public void setManaged(Boolean managed) {
    this.managed = managed;
  }
}
