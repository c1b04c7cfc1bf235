package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which AWS identity the operator acted as for a resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessStatus {
  @JsonPropertyDescription(
      "The EcrAccess whose role was assumed; absent when the operator used its own credentials.")
  private String name;

  @JsonPropertyDescription("The role assumed; absent when the operator used its own credentials.")
  private String roleArn;

  @JsonPropertyDescription(
      "True when no EcrAccess serves the resource and the operator used its own credentials"
          + " (allowed by --ambient-credentials).")
  private Boolean ambient;

  public AccessStatus() {}

  public AccessStatus(String name, String roleArn, Boolean ambient) {
    this.name = name;
    this.roleArn = roleArn;
    this.ambient = ambient;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public Boolean getAmbient() {
    return ambient;
  }

  public void setAmbient(Boolean ambient) {
    this.ambient = ambient;
  }
}
