package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator observed and did, as kubectl, Argo CD and Flux read it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrRepositoryStatus extends ResourceStatus {

  private String repositoryName;
  private String region;
  private String repositoryArn;
  private String repositoryUri;

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
}
