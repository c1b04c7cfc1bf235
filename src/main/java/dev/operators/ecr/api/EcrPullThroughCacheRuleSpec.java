package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What an EcrPullThroughCacheRule declares; ECR's CreatePullThroughCacheRule fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrPullThroughCacheRuleSpec {

  /** ECR's rule prefix: a repository-name prefix, or ROOT for every repository. */
  public static final String PREFIX_PATTERN =
      "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$";

  /** The upstream registries ECR can cache, as its API spells them. */
  public static final List<String> UPSTREAM_REGISTRIES =
      List.of(
          "ecr",
          "ecr-public",
          "quay",
          "k8s",
          "docker-hub",
          "github-container-registry",
          "azure-container-registry",
          "gitlab-container-registry",
          "chainguard");

  /** A Secrets Manager secret whose name starts with ecr-pullthroughcache/, as ECR requires. */
  public static final String CREDENTIAL_ARN_PATTERN =
      "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$";

  /** An IAM role. */
  public static final String ROLE_ARN_PATTERN =
      "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$";

  @JsonPropertyDescription(
      "Repository prefix the rule serves in ECR (pulls of <prefix>/<image> come from the"
          + " upstream), or ROOT. Immutable: ECR cannot change it.")
  @Required
  @Size(min = 2, max = 30)
  @Pattern(PREFIX_PATTERN)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "ecrRepositoryPrefix cannot change: ECR cannot move a rule to another prefix; restore"
              + " the previous prefix, or create a new EcrPullThroughCacheRule")
  private String ecrRepositoryPrefix;

  @JsonPropertyDescription(
      "Registry URL of the upstream, e.g. registry-1.docker.io or quay.io. Immutable.")
  @Required
  @Size(min = 1, max = 512)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "upstreamRegistryUrl cannot change: ECR cannot change a rule's upstream; restore the"
              + " previous URL, or create a new EcrPullThroughCacheRule (delete this one first,"
              + " since one prefix has one rule)")
  private String upstreamRegistryUrl;

  @JsonPropertyDescription(
      "Kind of upstream registry: ecr, ecr-public, quay, k8s, docker-hub,"
          + " github-container-registry, azure-container-registry, gitlab-container-registry or"
          + " chainguard; ECR infers it from the URL when absent. Immutable.")
  // The longest of those names: bounds what the rules below read.
  @Size(max = 25)
  @ValidationRule(
      value =
          "self in ['ecr', 'ecr-public', 'quay', 'k8s', 'docker-hub', 'github-container-registry',"
              + " 'azure-container-registry', 'gitlab-container-registry', 'chainguard']",
      message =
          "upstreamRegistry must be one of ecr, ecr-public, quay, k8s, docker-hub,"
              + " github-container-registry, azure-container-registry, gitlab-container-registry,"
              + " chainguard")
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "upstreamRegistry cannot change: ECR cannot change a rule's upstream; restore it, or"
              + " create a new EcrPullThroughCacheRule")
  private String upstreamRegistry;

  @JsonPropertyDescription(
      "Repository prefix in the upstream registry that the ECR prefix maps to (an ECR upstream"
          + " only). Immutable.")
  @Size(min = 2, max = 30)
  @Pattern(PREFIX_PATTERN)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "upstreamRepositoryPrefix cannot change: ECR cannot change a rule's upstream; restore"
              + " it, or create a new EcrPullThroughCacheRule")
  private String upstreamRepositoryPrefix;

  @JsonPropertyDescription(
      "ARN of the Secrets Manager secret holding the upstream's credentials; its name must start"
          + " with ecr-pullthroughcache/. Changed in place.")
  @Size(min = 50, max = 612)
  @Pattern(CREDENTIAL_ARN_PATTERN)
  private String credentialArn;

  @JsonPropertyDescription(
      "ARN of the IAM role ECR assumes to pull from an ECR upstream. Changed in place.")
  @Size(max = 2048)
  @Pattern(ROLE_ARN_PATTERN)
  private String customRoleArn;

  @JsonPropertyDescription(
      "AWS region of the registry, e.g. eu-west-1; defaults to the operator's region. Immutable.")
  @Pattern(EcrRepositorySpec.REGION_PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "region cannot change: a rule stays in its registry; restore the previous region, or"
              + " create a new EcrPullThroughCacheRule")
  private String region;

  @JsonPropertyDescription(
      "Delete (default) removes the rule from ECR when this resource is deleted (the"
          + " repositories it cached stay); Retain leaves it.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

  public String getEcrRepositoryPrefix() {
    return ecrRepositoryPrefix;
  }

  public void setEcrRepositoryPrefix(String ecrRepositoryPrefix) {
    this.ecrRepositoryPrefix = ecrRepositoryPrefix;
  }

  public String getUpstreamRegistryUrl() {
    return upstreamRegistryUrl;
  }

  public void setUpstreamRegistryUrl(String upstreamRegistryUrl) {
    this.upstreamRegistryUrl = upstreamRegistryUrl;
  }

  public String getUpstreamRegistry() {
    return upstreamRegistry;
  }

  public void setUpstreamRegistry(String upstreamRegistry) {
    this.upstreamRegistry = upstreamRegistry;
  }

  public String getUpstreamRepositoryPrefix() {
    return upstreamRepositoryPrefix;
  }

  public void setUpstreamRepositoryPrefix(String upstreamRepositoryPrefix) {
    this.upstreamRepositoryPrefix = upstreamRepositoryPrefix;
  }

  public String getCredentialArn() {
    return credentialArn;
  }

  public void setCredentialArn(String credentialArn) {
    this.credentialArn = credentialArn;
  }

  public String getCustomRoleArn() {
    return customRoleArn;
  }

  public void setCustomRoleArn(String customRoleArn) {
    this.customRoleArn = customRoleArn;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
