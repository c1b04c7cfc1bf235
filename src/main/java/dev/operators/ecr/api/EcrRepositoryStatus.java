package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did, as kubectl, Argo CD and Flux read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrRepositoryStatus implements SteeredStatus {

  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
  private String repositoryName;
  private String region;
  private String repositoryArn;
  private String repositoryUri;
  private String registryId;

  @JsonPropertyDescription("Which AWS identity the operator acted as.")
  private AccessStatus access;

  private AppliedLifecyclePolicy lifecyclePolicy;

  @JsonPropertyDescription("Digest of the repository policy this operator applied, if any.")
  private String repositoryPolicyDigest;

  @JsonPropertyDescription("Tag keys this operator manages (the spec's, and the owner tag).")
  private List<String> managedTagKeys;

  private LifecyclePreviewStatus preview;

  @JsonPropertyDescription(
      "The images the repository holds and their sizes, read with the lifecycle preview; absent"
          + " when the operator manages no lifecycle policy on it.")
  private RepositoryStorageStatus storage;

  @JsonPropertyDescription(
      "The images in use this cluster keeps from the lifecycle policy (spec.inUseProtection"
          + " Protect), or whose protection tags it is still removing after protection was turned"
          + " off; absent otherwise.")
  private ProtectionStatus protection;

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

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getRepositoryName() {
    return repositoryName;
  }

  public void setRepositoryName(String repositoryName) {
    this.repositoryName = repositoryName;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRepositoryArn() {
    return repositoryArn;
  }

  public void setRepositoryArn(String repositoryArn) {
    this.repositoryArn = repositoryArn;
  }

  public String getRepositoryUri() {
    return repositoryUri;
  }

  public void setRepositoryUri(String repositoryUri) {
    this.repositoryUri = repositoryUri;
  }

  public String getRegistryId() {
    return registryId;
  }

  public void setRegistryId(String registryId) {
    this.registryId = registryId;
  }

  public String getRepositoryPolicyDigest() {
    return repositoryPolicyDigest;
  }

  public void setRepositoryPolicyDigest(String repositoryPolicyDigest) {
    this.repositoryPolicyDigest = repositoryPolicyDigest;
  }

  public List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }

  public LifecyclePreviewStatus getPreview() {
    return preview;
  }

  public void setPreview(LifecyclePreviewStatus preview) {
    this.preview = preview;
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

  public AppliedLifecyclePolicy getLifecyclePolicy() {
    return lifecyclePolicy;
  }

  public void setLifecyclePolicy(AppliedLifecyclePolicy lifecyclePolicy) {
    this.lifecyclePolicy = lifecyclePolicy;
  }

  public RepositoryStorageStatus getStorage() {
    return storage;
  }

  public void setStorage(RepositoryStorageStatus storage) {
    this.storage = storage;
  }

  public ProtectionStatus getProtection() {
    return protection;
  }

  public void setProtection(ProtectionStatus protection) {
    this.protection = protection;
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

  public AccessStatus getAccess() {
    return access;
  }

  public void setAccess(AccessStatus access) {
    this.access = access;
  }
}
