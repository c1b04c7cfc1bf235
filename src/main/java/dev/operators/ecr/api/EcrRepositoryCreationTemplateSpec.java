package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.ecr.policy.LifecyclePolicy;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * What an EcrRepositoryCreationTemplate declares; ECR's CreateRepositoryCreationTemplate fields.
 */
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
public class EcrRepositoryCreationTemplateSpec {

  /** ECR's template prefix: a repository-name prefix, or ROOT for every repository. */
  public static final String PREFIX_PATTERN = EcrPullThroughCacheRuleSpec.PREFIX_PATTERN;

  /** The scenarios a template applies to, as ECR's API spells them. */
  public static final List<String> SCENARIOS =
      List.of("REPLICATION", "PULL_THROUGH_CACHE", "CREATE_ON_PUSH");

  /**
   * A KMS key for a template: its full ARN, as ECR requires of a template (a repository also takes
   * an ID or an alias). ECR's own pattern, anchored at both ends.
   */
  public static final String KMS_KEY_ARN_PATTERN =
      "^arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-z0-9-]+$";

  /** ECR's limit on the tags of a resource. */
  public static final int MAX_RESOURCE_TAGS = 50;

  @JsonPropertyDescription(
      "Repository-name prefix the template applies to (prod applies to prod/...), or ROOT for"
          + " every repository that no other template covers. Immutable: it names the template.")
  @Required
  @Size(min = 1, max = 256)
  @Pattern(PREFIX_PATTERN)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "prefix cannot change: it names the template in ECR; restore the previous prefix, or"
              + " create a new EcrRepositoryCreationTemplate")
  private String prefix;

  @JsonPropertyDescription(
      "When ECR applies the template: REPLICATION, PULL_THROUGH_CACHE and/or CREATE_ON_PUSH (a"
          + " push to a repository that does not exist creates it).")
  @Required
  @Size(min = 1, max = 3)
  @ValidationRule(
      value = "self.all(x, self.exists_one(y, y == x))",
      message = "appliedFor names each scenario once; remove the repeated one")
  private List<@Pattern("^(REPLICATION|PULL_THROUGH_CACHE|CREATE_ON_PUSH)$") @Size(max = 18) String>
      appliedFor;

  @JsonPropertyDescription("A description of the template. Not managed when absent.")
  @Size(max = 256)
  private String description;

  @JsonPropertyDescription(
      "How repositories created from the template are encrypted; with KMS or KMS_DSSE, kmsKey is"
          + " the key's full ARN. Changed in place (repositories already created keep theirs)."
          + " Not managed when absent (ECR's default is AES256).")
  @ValidationRule(
      value =
          "!has(self.kmsKey)"
              + " || self.kmsKey.matches('^arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-z0-9-]+$')",
      message =
          "encryption.kmsKey of a template must be the key's full ARN"
              + " (arn:aws:kms:<region>:<account>:key/<id>), not an ID or an alias")
  private EncryptionSpec encryption;

  @JsonPropertyDescription(
      "MUTABLE (ECR's default), IMMUTABLE, MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION."
          + " Not managed when absent.")
  @SchemaFrom(type = EcrRepositorySpec.TagMutability.class)
  private String imageTagMutability;

  @JsonPropertyDescription(
      "With a *_WITH_EXCLUSION mutability: 1 to 5 wildcard filters, such as latest or dev-*,"
          + " naming the tags excepted from it.")
  @Size(min = 1, max = 5)
  private List<@Pattern("^[0-9a-zA-Z._*-]*$") @Size(min = 1, max = 128) String>
      imageTagMutabilityExclusionFilters;

  @JsonPropertyDescription(
      "The lifecycle policy of new repositories, as YAML: the same field names as ECR's JSON."
          + " Compared by meaning.")
  private LifecyclePolicySpec lifecyclePolicy;

  @JsonPropertyDescription(
      "The lifecycle policy as raw JSON text, for fields the structured form lacks.")
  @Size(min = LifecyclePolicy.MIN_TEXT_LENGTH, max = LifecyclePolicy.MAX_TEXT_LENGTH)
  private String lifecyclePolicyText;

  @JsonPropertyDescription(
      "A shared EcrLifecyclePolicy to use, by name; an edit of it reaches the template. With no"
          + " lifecycle policy field, the template's lifecycle policy is not managed.")
  private LifecyclePolicyRef lifecyclePolicyRef;

  @JsonPropertyDescription(
      "The permission policy of new repositories (IAM JSON), compared by meaning. Not managed"
          + " when absent.")
  @Size(min = 1, max = 10240)
  private String repositoryPolicy;

  @JsonPropertyDescription(
      "Tags of new repositories. When present, the template's whole tag list (ECR replaces it"
          + " as a whole); not managed when absent. At most 50; keys 1 to 128 characters, not"
          + " starting with aws:; values at most 256 characters.")
  @Size(max = MAX_RESOURCE_TAGS)
  @ValidationRule(
      value = "self.all(k, size(k) >= 1 && size(k) <= 128)",
      message =
          "every resourceTags key must be 1 to 128 characters (ECR's limit); shorten the key, or"
              + " give the empty one a name")
  @ValidationRule(
      value =
          "self.all(k, !['aws:', 'awS:', 'aWs:', 'aWS:', 'Aws:', 'AwS:', 'AWs:', 'AWS:']"
              + ".exists(p, k.startsWith(p)))",
      message =
          "resourceTags keys starting with aws: (in any case) are reserved by AWS and cannot be"
              + " set; rename the tag")
  @ValidationRule(
      value = "!('ecr.operators.dev/owner' in self)",
      message =
          "the resourceTags key ecr.operators.dev/owner is reserved: it marks the repositories an"
              + " EcrRepository manages; use another key")
  private Map<String, @Size(max = 256) String> resourceTags;

  @JsonPropertyDescription(
      "ARN of an IAM role in the registry's account that ECR assumes to create repositories from"
          + " the template (needed for resourceTags and KMS encryption). Not managed when absent.")
  @Size(max = 2048)
  @Pattern(EcrPullThroughCacheRuleSpec.ROLE_ARN_PATTERN)
  private String customRoleArn;

  @JsonPropertyDescription(
      "AWS region of the registry, e.g. eu-west-1; defaults to the operator's region. Immutable.")
  @Pattern(EcrRepositorySpec.REGION_PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "region cannot change: a template stays in its registry; restore the previous region,"
              + " or create a new EcrRepositoryCreationTemplate")
  private String region;

  @JsonPropertyDescription(
      "Delete (default) removes the template from ECR when this resource is deleted (repositories"
          + " already created from it stay); Retain leaves it.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public List<String> getAppliedFor() {
    return appliedFor;
  }

  public void setAppliedFor(List<String> appliedFor) {
    this.appliedFor = appliedFor;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public EncryptionSpec getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionSpec encryption) {
    this.encryption = encryption;
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

  public String getRepositoryPolicy() {
    return repositoryPolicy;
  }

  public void setRepositoryPolicy(String repositoryPolicy) {
    this.repositoryPolicy = repositoryPolicy;
  }

  public Map<String, String> getResourceTags() {
    return resourceTags;
  }

  public void setResourceTags(Map<String, String> resourceTags) {
    this.resourceTags = resourceTags;
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
