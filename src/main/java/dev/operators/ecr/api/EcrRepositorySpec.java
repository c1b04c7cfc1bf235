package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.ecr.policy.LifecyclePolicy;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** What the user declares for one ECR repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.lifecyclePolicy), has(self.lifecyclePolicyText), has(self.lifecyclePolicyRef)]"
            + ".filter(x, x).size() <= 1",
    message =
        "lifecyclePolicy, lifecyclePolicyText and lifecyclePolicyRef cannot be combined; keep one")
@ValidationRule(
    value =
        "!has(self.imageTagMutabilityExclusionFilters) || (has(self.imageTagMutability)"
            + " && self.imageTagMutability in ['MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'])",
    message =
        "imageTagMutabilityExclusionFilters apply only with imageTagMutability"
            + " MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION; set one of those, or remove"
            + " the filters")
@ValidationRule(
    value =
        "!has(self.imageTagMutability)"
            + " || !(self.imageTagMutability in ['MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'])"
            + " || has(self.imageTagMutabilityExclusionFilters)",
    message =
        "imageTagMutability MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION needs"
            + " imageTagMutabilityExclusionFilters (1 to 5 wildcard filters naming the excepted"
            + " tags, such as latest or dev-*); add them, or choose MUTABLE or IMMUTABLE")
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
  @Size(min = LifecyclePolicy.MIN_TEXT_LENGTH, max = LifecyclePolicy.MAX_TEXT_LENGTH)
  private String lifecyclePolicyText;

  @JsonPropertyDescription(
      "A shared EcrLifecyclePolicy to use, by name. With no policy field at all, the cluster's"
          + " default EcrLifecyclePolicy applies, if there is one.")
  private LifecyclePolicyRef lifecyclePolicyRef;

  @JsonPropertyDescription(
      "MUTABLE (ECR's default), IMMUTABLE, MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION."
          + " Not managed when absent.")
  @SchemaFrom(type = TagMutability.class)
  private String imageTagMutability;

  @JsonPropertyDescription(
      "With a *_WITH_EXCLUSION mutability: 1 to 5 wildcard filters, such as latest or dev-*,"
          + " naming the tags excepted from it.")
  @Size(min = 1, max = 5)
  // ECR's ^[0-9a-zA-Z._*-]{1,128}$, with the length as minLength and maxLength (which bound the
  // cost of the rules that read the list), so that each mistake gets one message.
  private List<@Pattern("^[0-9a-zA-Z._*-]*$") @Size(min = 1, max = 128) String>
      imageTagMutabilityExclusionFilters;

  @JsonPropertyDescription("Scan each image when it is pushed. Not managed when absent.")
  private Boolean scanOnPush;

  @JsonPropertyDescription(
      "How images are encrypted at rest. Set at creation only: ECR cannot change it afterwards.")
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "encryption cannot change: ECR sets a repository's encryption when it creates it;"
              + " restore the previous encryption, or create a new EcrRepository")
  private EncryptionSpec encryption;

  @JsonPropertyDescription(
      "Tags of the repository, e.g. for cost reports. Only the keys listed here are managed;"
          + " tags others add stay. At most 49 (ECR's 50 less the operator's owner tag,"
          + " ecr.operators.dev/owner); keys 1 to 128 characters, not starting with aws:; values"
          + " at most 256 characters.")
  @Size(max = 49)
  // Keys have no schema of their own: the rules bound them, with operations whose cost does not
  // grow with a key's length.
  @ValidationRule(
      value = "self.all(k, size(k) >= 1 && size(k) <= 128)",
      message =
          "every tag key must be 1 to 128 characters (ECR's limit); shorten the key, or give the"
              + " empty one a name")
  @ValidationRule(
      value =
          "self.all(k, !['aws:', 'awS:', 'aWs:', 'aWS:', 'Aws:', 'AwS:', 'AWs:', 'AWS:']"
              + ".exists(p, k.startsWith(p)))",
      message =
          "tag keys starting with aws: (in any case) are reserved by AWS and cannot be set;"
              + " rename the tag")
  @ValidationRule(
      value = "!('ecr.operators.dev/owner' in self)",
      message =
          "the tag key ecr.operators.dev/owner is reserved for the operator's owner tag; use"
              + " another key")
  private Map<String, @Size(max = 256) String> tags;

  @JsonPropertyDescription(
      "The repository's permission policy (IAM JSON), compared by meaning. Not managed when"
          + " absent.")
  @Size(min = 1, max = 10240)
  private String repositoryPolicy;

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

  @JsonPropertyDescription(
      "Report: the status and a Warning Event say which images in use (by Pods and workloads)"
          + " the lifecycle policy would expire or archive; Off: not for this repository. Protect"
          + " is not supported yet. Absent: the operator's --in-use-protection.")
  private InUseProtectionMode inUseProtection;

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

  public LifecyclePolicyRef getLifecyclePolicyRef() {
    return lifecyclePolicyRef;
  }

  public void setLifecyclePolicyRef(LifecyclePolicyRef lifecyclePolicyRef) {
    this.lifecyclePolicyRef = lifecyclePolicyRef;
  }

  public String getImageTagMutability() {
    return imageTagMutability;
  }

  public void setImageTagMutability(String imageTagMutability) {
    this.imageTagMutability = imageTagMutability;
  }

  public List<String> getImageTagMutabilityExclusionFilters() {
    return imageTagMutabilityExclusionFilters;
  }

  public void setImageTagMutabilityExclusionFilters(List<String> filters) {
    this.imageTagMutabilityExclusionFilters = filters;
  }

  public Boolean getScanOnPush() {
    return scanOnPush;
  }

  public void setScanOnPush(Boolean scanOnPush) {
    this.scanOnPush = scanOnPush;
  }

  public EncryptionSpec getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSpec encryption) {
    this.encryption = encryption;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public String getRepositoryPolicy() {
    return repositoryPolicy;
  }

  public void setRepositoryPolicy(String repositoryPolicy) {
    this.repositoryPolicy = repositoryPolicy;
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

  // The values of imageTagMutability, for the schema's enum (EcrRepositoryCreationTemplate too).
  enum TagMutability {
    MUTABLE,
    IMMUTABLE,
    MUTABLE_WITH_EXCLUSION,
    IMMUTABLE_WITH_EXCLUSION
  }

  public InUseProtectionMode getInUseProtection() {
    return inUseProtection;
  }

  public void setInUseProtection(InUseProtectionMode inUseProtection) {
    this.inUseProtection = inUseProtection;
  }
}
