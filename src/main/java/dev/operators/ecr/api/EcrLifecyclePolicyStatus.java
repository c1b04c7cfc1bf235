package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** A shared lifecycle policy's validity, version, and who carries it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrLifecyclePolicyStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("sha256 digest of the policy's canonical form.")
  private String digest;

  @JsonPropertyDescription("The first 12 hex digits of the digest, as repositories show it.")
  private String version;

  @JsonPropertyDescription("EcrRepositories that use this policy, by reference or as default.")
  private Long repositories;

  @JsonPropertyDescription("Of those, how many are Ready with this version applied.")
  private Long repositoriesInSync;

  @JsonPropertyDescription(
      "EcrRepositoryCreationTemplates that use this policy by reference; absent when none does.")
  private Long templates;

  @JsonPropertyDescription("Of those, how many are Ready with this version applied.")
  private Long templatesInSync;

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

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Long getRepositories() {
    return repositories;
  }

  public void setRepositories(Long repositories) {
    this.repositories = repositories;
  }

  public Long getRepositoriesInSync() {
    return repositoriesInSync;
  }

  public void setRepositoriesInSync(Long repositoriesInSync) {
    this.repositoriesInSync = repositoriesInSync;
  }

  public Long getTemplates() {
    return templates;
  }

  public void setTemplates(Long templates) {
    this.templates = templates;
  }

  public Long getTemplatesInSync() {
    return templatesInSync;
  }

  public void setTemplatesInSync(Long templatesInSync) {
    this.templatesInSync = templatesInSync;
  }
}
