package dev.operators.ecr.desired;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateSpec;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The repository creation template an EcrRepositoryCreationTemplate declares, checked as ECR would
 * check it, with its lifecycle policy canonical (a shared one resolved). A setting left null is not
 * managed: ECR keeps whatever the template has.
 *
 * @param region where the template lives
 * @param prefix the template's prefix as declared ({@code prod}, {@code prod/} or {@code ROOT})
 * @param appliedFor the scenarios, each once, in the order declared
 * @param policy the lifecycle policy; null when the spec declares none
 * @param repositoryPolicy the repository policy; null when the spec declares none
 * @param resourceTags the whole tag list of the template; null when the spec declares none
 * @param deletionPolicy what deleting the resource does to the template
 */
public record DesiredRepositoryCreationTemplate(
    String region,
    String prefix,
    List<String> appliedFor,
    String description,
    Encryption encryption,
    String imageTagMutability,
    List<String> imageTagMutabilityExclusionFilters,
    DesiredPolicy policy,
    DesiredRepositoryPolicy repositoryPolicy,
    Map<String, String> resourceTags,
    String customRoleArn,
    DeletionPolicy deletionPolicy)
    implements DesiredSetting {

  private static final Pattern PREFIX =
      Pattern.compile(EcrRepositoryCreationTemplateSpec.PREFIX_PATTERN);
  private static final Pattern KMS_KEY =
      Pattern.compile(EcrRepositoryCreationTemplateSpec.KMS_KEY_ARN_PATTERN);
  private static final Pattern ROLE = Pattern.compile(EcrPullThroughCacheRuleSpec.ROLE_ARN_PATTERN);
  private static final int MAX_PREFIX = 256;
  private static final int MAX_DESCRIPTION = 256;
  private static final int MAX_ROLE = 2048;
  private static final String ROOT = "ROOT";

  public DesiredRepositoryCreationTemplate {
    appliedFor = List.copyOf(appliedFor);
    imageTagMutabilityExclusionFilters =
        imageTagMutabilityExclusionFilters == null
            ? null
            : List.copyOf(imageTagMutabilityExclusionFilters);
    resourceTags = resourceTags == null ? null : Map.copyOf(resourceTags);
  }

  /** The prefix as ECR keys its templates: {@code prod/} and {@code prod} are the same template. */
  public static String namespace(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** The key two resources claiming the same template share: its region and prefix. */
  public String claim() {
    return claim(region, prefix);
  }

  /** The claim of a template in {@code region} with {@code prefix}. */
  public static String claim(String region, String prefix) {
    return region + "/" + namespace(prefix);
  }

  /** The template as people name it, for messages. */
  @Override
  public String toString() {
    return "repository creation template " + prefix + " in " + region;
  }

  /** The template as ECR is asked to create it: the settings declared, the others left to ECR. */
  public RepositoryCreationTemplate template() {
    return new RepositoryCreationTemplate(
        prefix,
        description,
        appliedFor,
        encryption == null ? null : encryption.type(),
        encryption == null ? null : encryption.kmsKey(),
        imageTagMutability,
        imageTagMutabilityExclusionFilters,
        policy == null ? null : policy.applied().ecrJson(),
        repositoryPolicy == null ? null : repositoryPolicy.text(),
        resourceTags,
        customRoleArn);
  }

  /**
   * @param catalog the shared EcrLifecyclePolicies, for spec.lifecyclePolicyRef
   * @throws InvalidSpecException naming every problem, each with its path
   * @throws StalledException when the shared policy referenced is missing or invalid
   */
  public static DesiredRepositoryCreationTemplate of(
      EcrRepositoryCreationTemplate resource, DesiredSettings settings, PolicyCatalog catalog) {
    return of(resource, settings, catalog, true);
  }

  /**
   * The template with a shared lifecycle policy left unresolved (no policy): enough to delete it,
   * when the EcrLifecyclePolicy it names may already be gone.
   *
   * @throws InvalidSpecException naming every problem, each with its path
   */
  public static DesiredRepositoryCreationTemplate withoutSharedPolicy(
      EcrRepositoryCreationTemplate resource, DesiredSettings settings) {
    return of(resource, settings, PolicyCatalog.EMPTY, false);
  }

  private static DesiredRepositoryCreationTemplate of(
      EcrRepositoryCreationTemplate resource,
      DesiredSettings settings,
      PolicyCatalog catalog,
      boolean resolve) {
    EcrRepositoryCreationTemplateSpec spec = specOf(resource);
    List<SpecProblem> problems = new ArrayList<>();
    Checked checked = check(spec, problems);
    String region = DesiredState.region(spec.getRegion(), settings, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    DesiredPolicy policy =
        spec.getLifecyclePolicyRef() != null && resolve
            ? DesiredState.referenced(spec.getLifecyclePolicyRef().getName(), catalog)
            : checked.policy();
    return new DesiredRepositoryCreationTemplate(
        region,
        spec.getPrefix(),
        spec.getAppliedFor(),
        spec.getDescription(),
        checked.encryption(),
        spec.getImageTagMutability(),
        spec.getImageTagMutabilityExclusionFilters(),
        policy,
        checked.repositoryPolicy(),
        checked.resourceTags(),
        spec.getCustomRoleArn(),
        spec.getDeletionPolicy() == null ? DeletionPolicy.Delete : spec.getDeletionPolicy());
  }

  /**
   * The claim of a resource without resolving its shared policy, so that a template waiting for its
   * policy still holds its prefix; null when the spec cannot name one.
   */
  public static String claimOf(EcrRepositoryCreationTemplate resource, DesiredSettings settings) {
    EcrRepositoryCreationTemplateSpec spec = specOf(resource);
    List<SpecProblem> problems = new ArrayList<>();
    prefix(spec.getPrefix(), problems);
    String region = DesiredState.region(spec.getRegion(), settings, problems);
    return problems.isEmpty() ? claim(region, spec.getPrefix()) : null;
  }

  /**
   * What is wrong with a spec, checked offline (no operator default region, no shared policies):
   * empty when nothing.
   */
  public static List<SpecProblem> check(EcrRepositoryCreationTemplate resource) {
    EcrRepositoryCreationTemplateSpec spec = specOf(resource);
    List<SpecProblem> problems = new ArrayList<>();
    check(spec, problems);
    if (spec.getRegion() != null) {
      DesiredState.region(spec.getRegion(), null, problems);
    }
    return problems;
  }

  private static EcrRepositoryCreationTemplateSpec specOf(EcrRepositoryCreationTemplate resource) {
    return resource.getSpec() == null
        ? new EcrRepositoryCreationTemplateSpec()
        : resource.getSpec();
  }

  // The settings checked, in ECR's terms; the lifecycle policy null for a reference.
  private record Checked(
      Encryption encryption,
      DesiredPolicy policy,
      DesiredRepositoryPolicy repositoryPolicy,
      Map<String, String> resourceTags) {}

  private static Checked check(EcrRepositoryCreationTemplateSpec spec, List<SpecProblem> problems) {
    prefix(spec.getPrefix(), problems);
    appliedFor(spec.getAppliedFor(), problems);
    String description = spec.getDescription();
    if (description != null && description.length() > MAX_DESCRIPTION) {
      problems.add(
          new SpecProblem(
              "spec.description",
              "is " + description.length() + " characters; at most " + MAX_DESCRIPTION));
    }
    Encryption encryption = RepositorySettingsValidator.encryption(spec.getEncryption(), problems);
    if (encryption != null
        && encryption.kmsKey() != null
        && !KMS_KEY.matcher(encryption.kmsKey()).matches()) {
      problems.add(
          new SpecProblem(
              "spec.encryption.kmsKey",
              "a template needs the key's full ARN (arn:aws:kms:<region>:<account>:key/<id>),"
                  + " not an ID or an alias"));
    }
    RepositorySettingsValidator.tagMutability(
        spec.getImageTagMutability(), spec.getImageTagMutabilityExclusionFilters(), problems);
    DesiredPolicy policy =
        DesiredState.policy(
            spec.getLifecyclePolicy(),
            spec.getLifecyclePolicyText(),
            spec.getLifecyclePolicyRef(),
            problems);
    DesiredRepositoryPolicy repositoryPolicy =
        RepositorySettingsValidator.permissionPolicy(
            spec.getRepositoryPolicy(), "spec.repositoryPolicy", problems);
    Map<String, String> tags =
        RepositorySettingsValidator.tags(
            spec.getResourceTags(),
            "spec.resourceTags",
            EcrRepositoryCreationTemplateSpec.MAX_RESOURCE_TAGS,
            "ECR allows " + EcrRepositoryCreationTemplateSpec.MAX_RESOURCE_TAGS + " per resource",
            problems);
    String role = spec.getCustomRoleArn();
    if (role != null && (role.length() > MAX_ROLE || !ROLE.matcher(role).matches())) {
      problems.add(
          new SpecProblem(
              "spec.customRoleArn",
              "'" + role + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));
    }
    return new Checked(encryption, policy, repositoryPolicy, tags);
  }

  private static void prefix(String prefix, List<SpecProblem> problems) {
    if (prefix == null) {
      problems.add(
          new SpecProblem(
              "spec.prefix", "required: the repository-name prefix the template applies to"));
    } else if (prefix.isEmpty()
        || prefix.length() > MAX_PREFIX
        || !PREFIX.matcher(prefix).matches()) {
      problems.add(
          new SpecProblem(
              "spec.prefix",
              "'"
                  + prefix
                  + "' is not a template prefix: up to 256 lowercase letters and digits, separated"
                  + " by '.', '_', '__', '-' or '/', or "
                  + ROOT));
    }
  }

  private static void appliedFor(List<String> scenarios, List<SpecProblem> problems) {
    if (scenarios == null || scenarios.isEmpty()) {
      problems.add(
          new SpecProblem(
              "spec.appliedFor",
              "required: one or more of "
                  + String.join(", ", EcrRepositoryCreationTemplateSpec.SCENARIOS)));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < scenarios.size(); i++) {
      String scenario = scenarios.get(i);
      if (!EcrRepositoryCreationTemplateSpec.SCENARIOS.contains(scenario)) {
        problems.add(
            new SpecProblem(
                "spec.appliedFor[" + i + "]",
                "'"
                    + scenario
                    + "' is not one of "
                    + String.join(", ", EcrRepositoryCreationTemplateSpec.SCENARIOS)));
      } else if (!seen.add(scenario)) {
        problems.add(
            new SpecProblem("spec.appliedFor[" + i + "]", "names " + scenario + " a second time"));
      }
    }
  }
}
