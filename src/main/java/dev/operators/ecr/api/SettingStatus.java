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
public class SettingStatus implements SteeredStatus {
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

  @JsonPropertyDescription(
      "The value of the annotation ecr.operators.dev/reconcile-requested-at that the last pass"
          + " handled.")
  private String lastHandledReconcileAt;

  @JsonPropertyDescription(
      "While paused (annotation ecr.operators.dev/paused: \"true\"): the spec fields ECR differs"
          + " in, changed in ECR or in the spec, left as they are until the pause ends; absent"
          + " otherwise.")
  private List<String> drift;

  @JsonPropertyDescription(
      "While paused: the generation at which ECR last matched the spec before the pause;"
          + " differences corrected on resuming at that generation count as drift.")
  private Long matchedGeneration;

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

  @Override
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  @Override
  public List<String> getDrift() {
    return drift;
  }

  @Override
  public void setDrift(List<String> drift) {
    this.drift = drift;
  }

  @Override
  public Long getMatchedGeneration() {
    return matchedGeneration;
  }

  @Override
  public void setMatchedGeneration(Long matchedGeneration) {
    this.matchedGeneration = matchedGeneration;
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
