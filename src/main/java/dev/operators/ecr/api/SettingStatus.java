package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What every registry-level resource (a pull-through cache rule, a creation template, the
 * registry's settings) reports, as kubectl, Argo CD and Flux read it; each kind adds its own
 * fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SettingStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("AWS region the setting lives in.")
  private String region;

  @JsonPropertyDescription(
      "True once ECR carries what this resource declares, created or adopted by it: only then"
          + " does deleting the resource (deletionPolicy Delete) remove it from ECR.")
  private Boolean managed;

  @JsonPropertyDescription("Changes made in ECR behind the operator's back that it restored.")
  private Long driftCorrections;

  private DriftCorrection lastDriftCorrection;

  @JsonPropertyDescription("AWS account (registry ID) the setting lives in.")
  private String registryId;

  @JsonPropertyDescription("Which AWS identity the operator acted as.")
  private AccessStatus access;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

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

  public Long getDriftCorrections() {
    return driftCorrections;
  }

  public void setDriftCorrections(Long driftCorrections) {
    this.driftCorrections = driftCorrections;
  }

  public DriftCorrection getLastDriftCorrection() {
    return lastDriftCorrection;
  }

  public void setLastDriftCorrection(DriftCorrection lastDriftCorrection) {
    this.lastDriftCorrection = lastDriftCorrection;
  }

  public String getRegistryId() {
    return registryId;
  }

  public void setRegistryId(String registryId) {
    this.registryId = registryId;
  }

  public AccessStatus getAccess() {
    return access;
  }

  public void setAccess(AccessStatus access) {
    this.access = access;
  }
}
