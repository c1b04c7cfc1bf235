package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the status of every kind that acts on ECR reports (EcrRepository and the registry-level
 * kinds): the kstatus conditions, the account and identity it acted as, the drift it corrected, and
 * the fields a person steers with {@link Annotations} (the reconcile request last handled, what a
 * paused pass found). Each kind adds its own fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "AWS account (registry ID) the resource lives in; it stays in that account for good.")
  private String registryId;

  @JsonPropertyDescription("Which AWS identity the operator acted as.")
  private AccessStatus access;

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

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** The status's conditions (Ready, Stalled, Reconciling). */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
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

  /** The value of {@link Annotations#RECONCILE_REQUESTED_AT} the last pass handled. */
  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  /** While paused: the spec fields ECR differs in, left as they are; null when not paused. */
  public List<String> getDrift() {
    return drift;
  }

  public void setDrift(List<String> drift) {
    this.drift = drift;
  }

  /**
   * While paused: the generation at which ECR last matched the spec before the pause; null when it
   * did not match at the pause, and when not paused.
   */
  public Long getMatchedGeneration() {
    return matchedGeneration;
  }

  public void setMatchedGeneration(Long matchedGeneration) {
    this.matchedGeneration = matchedGeneration;
  }
}
