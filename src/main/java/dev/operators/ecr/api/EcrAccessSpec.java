package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;

/** What an EcrAccess declares: the role to assume, and the resources it acts for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.namespaces) || has(self.namespaceSelector) || has(self.clusterResourceSelector)",
    message =
        "an EcrAccess must serve something: give namespaces, namespaceSelector or"
            + " clusterResourceSelector")
public class EcrAccessSpec {

  /** STS's ExternalId: 2 to 1224 characters of these. */
  public static final String EXTERNAL_ID_PATTERN = "^[\\w+=,.@:\\/-]*$";

  /** A Kubernetes namespace name (a DNS label). */
  public static final String NAMESPACE_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @JsonPropertyDescription(
      "ARN of the IAM role the operator assumes, from its own credentials (IRSA, Pod Identity),"
          + " to act for the selected resources; its account is where their ECR resources live.")
  @Required
  @Size(max = 2048)
  @Pattern(EcrPullThroughCacheRuleSpec.ROLE_ARN_PATTERN)
  private String roleArn;

  @JsonPropertyDescription(
      "External ID the role's trust policy requires (condition sts:ExternalId), if any.")
  @Size(min = 2, max = 1224)
  @Pattern(EXTERNAL_ID_PATTERN)
  private String externalId;

  @JsonPropertyDescription(
      "Session tags passed when the role is assumed (the base role then needs sts:TagSession);"
          + " at most 50.")
  @Size(max = 50)
  @ValidationRule(
      value = "self.all(k, size(k) >= 1 && size(k) <= 128)",
      message = "sessionTags: a key has 1 to 128 characters")
  private Map<String, @Size(max = 256) String> sessionTags;

  @JsonPropertyDescription(
      "Region of the served resources that name none; defaults to the operator's region.")
  @Pattern(EcrRepositorySpec.REGION_PATTERN)
  @Size(max = 32)
  private String region;

  @JsonPropertyDescription(
      "Namespaces whose resources this access serves, by name; a namespace named here or"
          + " matched by namespaceSelector is served.")
  @Size(max = 256)
  private List<@Pattern(NAMESPACE_PATTERN) @Size(max = 63) String> namespaces;

  @JsonPropertyDescription(
      "Namespaces whose resources this access serves, by label; {} selects every namespace.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Only the resources of the served namespaces that carry these labels; absent: all of them.")
  private LabelSelector resourceSelector;

  @JsonPropertyDescription(
      "Registry-level resources (EcrRegistry, EcrPullThroughCacheRule,"
          + " EcrRepositoryCreationTemplate) this access serves, by label; absent: none; {}: all.")
  private LabelSelector clusterResourceSelector;

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getExternalId() {
    return externalId;
  }

  public void setExternalId(String externalId) {
    this.externalId = externalId;
  }

  public Map<String, String> getSessionTags() {
    return sessionTags;
  }

  public void setSessionTags(Map<String, String> sessionTags) {
    this.sessionTags = sessionTags;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public LabelSelector getResourceSelector() {
    return resourceSelector;
  }

  public void setResourceSelector(LabelSelector resourceSelector) {
    this.resourceSelector = resourceSelector;
  }

  public LabelSelector getClusterResourceSelector() {
    return clusterResourceSelector;
  }

  public void setClusterResourceSelector(LabelSelector clusterResourceSelector) {
    this.clusterResourceSelector = clusterResourceSelector;
  }
}
