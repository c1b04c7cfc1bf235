package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What the user declares for one ECR repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.lifecyclePolicy) || !has(self.lifecyclePolicyText)",
    message = "lifecyclePolicy and lifecyclePolicyText cannot both be set; keep one")
public class EcrRepositorySpec {

  /** ECR's repository name rule (current API model, OCI distribution spec). */
  public static final String REPOSITORY_NAME_PATTERN =
      "^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$";

  /** AWS region names, such as eu-west-1 or us-gov-west-1. */
  public static final String REGION_PATTERN = "^[a-z]{2}(-[a-z]+)+-[0-9]+$";

  @JsonPropertyDescription(
      "Name of the ECR repository; defaults to metadata.name. Immutable: ECR cannot rename.")
  @Pattern(REPOSITORY_NAME_PATTERN)
  @Size(min = 2, max = 256)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "repositoryName cannot change: ECR cannot rename a repository; restore the previous"
              + " name, or create a new EcrRepository")
  private String repositoryName;

  @JsonPropertyDescription(
      "AWS region of the repository, e.g. eu-west-1; defaults to the operator's region. Immutable.")
  @Pattern(REGION_PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "region cannot change: a repository cannot move; restore the previous region, or create"
              + " a new EcrRepository")
  private String region;

  @JsonPropertyDescription(
      "The ECR lifecycle policy document as YAML: the same field names as ECR's JSON.")
  private LifecyclePolicySpec lifecyclePolicy;

  @JsonPropertyDescription(
      "The ECR lifecycle policy as raw JSON text, for fields the structured form lacks.")
  @Size(min = 100, max = 30720)
  private String lifecyclePolicyText;

  @JsonPropertyDescription(
      "Take over an existing repository that carries no owner tag. Default false.")
  private Boolean adopt;

  @JsonPropertyDescription(
      "Retain (default) leaves the repository in ECR when this resource is deleted; Delete"
          + " deletes it.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "With deletionPolicy Delete: also delete a repository that still holds images.")
  private Boolean forceDelete;

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

  public LifecyclePolicySpec getLifecyclePolicy() {
    return lifecyclePolicy;
  }

  public void setLifecyclePolicy(LifecyclePolicySpec lifecyclePolicy) {
    this.lifecyclePolicy = lifecyclePolicy;
  }

  public String getLifecyclePolicyText() {
    return lifecyclePolicyText;
  }

  public void setLifecyclePolicyText(String lifecyclePolicyText) {
    this.lifecyclePolicyText = lifecyclePolicyText;
  }

  public Boolean getAdopt() {
    return adopt;
  }

  public void setAdopt(Boolean adopt) {
    this.adopt = adopt;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getForceDelete() {
    return forceDelete;
  }

  public void setForceDelete(Boolean forceDelete) {
    this.forceDelete = forceDelete;
  }
}
