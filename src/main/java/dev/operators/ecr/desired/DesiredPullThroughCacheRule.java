package dev.operators.ecr.desired;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.aws.PullThroughCacheRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pull-through cache rule an EcrPullThroughCacheRule declares, checked: the same checks ECR
 * makes, so that a refused spec costs no ECR call and says where it is wrong.
 *
 * @param region where the rule lives
 * @param rule the rule as ECR is asked to hold it
 * @param deletionPolicy what deleting the resource does to the rule
 */
public record DesiredPullThroughCacheRule(
    String region, PullThroughCacheRule rule, DeletionPolicy deletionPolicy)
    implements DesiredSetting {

  private static final Pattern PREFIX = Pattern.compile(EcrPullThroughCacheRuleSpec.PREFIX_PATTERN);
  private static final Pattern CREDENTIAL =
      Pattern.compile(EcrPullThroughCacheRuleSpec.CREDENTIAL_ARN_PATTERN);
  private static final Pattern ROLE = Pattern.compile(EcrPullThroughCacheRuleSpec.ROLE_ARN_PATTERN);
  private static final int MIN_PREFIX = 2;
  private static final int MAX_PREFIX = 30;
  private static final int MIN_CREDENTIAL = 50;
  private static final int MAX_CREDENTIAL = 612;
  private static final int MAX_URL = 512;

  /** The key two resources claiming the same rule share: its region and prefix. */
  public String claim() {
    return region + "/" + rule.ecrRepositoryPrefix();
  }

  /** The rule as people name it, for messages: {@code prefix docker-hub in eu-west-1}. */
  @Override
  public String toString() {
    return "pull-through cache rule " + rule.ecrRepositoryPrefix() + " in " + region;
  }

  /**
   * @throws InvalidSpecException naming every problem, each with its path
   */
  public static DesiredPullThroughCacheRule of(
      EcrPullThroughCacheRule resource, DesiredSettings settings) {
    EcrPullThroughCacheRuleSpec spec =
        resource.getSpec() == null ? new EcrPullThroughCacheRuleSpec() : resource.getSpec();
    List<SpecProblem> problems = check(spec);
    String region = DesiredState.region(spec.getRegion(), settings, problems);
    guardImmutable(resource, region, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    var rule =
        new PullThroughCacheRule(
            spec.getEcrRepositoryPrefix(),
            spec.getUpstreamRegistryUrl(),
            spec.getUpstreamRegistry(),
            spec.getUpstreamRepositoryPrefix(),
            spec.getCredentialArn(),
            spec.getCustomRoleArn());
    DeletionPolicy deletion =
        spec.getDeletionPolicy() == null ? DeletionPolicy.Delete : spec.getDeletionPolicy();
    return new DesiredPullThroughCacheRule(region, rule, deletion);
  }

  // The status records the rule this resource manages; a spec that now names another prefix or
  // region would silently abandon it, so it is refused even when admission did not catch it.
  private static void guardImmutable(
      EcrPullThroughCacheRule resource, String region, List<SpecProblem> problems) {
    var status = resource.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getManaged())) {
      return;
    }
    String prefix = resource.getSpec() == null ? null : resource.getSpec().getEcrRepositoryPrefix();
    if (status.getEcrRepositoryPrefix() != null
        && prefix != null
        && !status.getEcrRepositoryPrefix().equals(prefix)) {
      problems.add(
          new SpecProblem(
              "spec.ecrRepositoryPrefix",
              "cannot change from '"
                  + status.getEcrRepositoryPrefix()
                  + "', the rule this resource manages; restore it, or create a new"
                  + " EcrPullThroughCacheRule"));
    }
    if (status.getRegion() != null && region != null && !status.getRegion().equals(region)) {
      problems.add(
          new SpecProblem(
              "spec.region",
              "cannot change from '"
                  + status.getRegion()
                  + "', where the rule this resource manages lives; restore it, or create a new"
                  + " EcrPullThroughCacheRule"));
    }
  }

  /**
   * What is wrong with a spec, checked offline (no operator default region): empty when nothing.
   */
  public static List<SpecProblem> check(EcrPullThroughCacheRule resource) {
    EcrPullThroughCacheRuleSpec spec =
        resource.getSpec() == null ? new EcrPullThroughCacheRuleSpec() : resource.getSpec();
    List<SpecProblem> problems = check(spec);
    if (spec.getRegion() != null) {
      DesiredState.region(spec.getRegion(), null, problems);
    }
    return problems;
  }

  private static List<SpecProblem> check(EcrPullThroughCacheRuleSpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    prefix("spec.ecrRepositoryPrefix", spec.getEcrRepositoryPrefix(), true, problems);
    prefix("spec.upstreamRepositoryPrefix", spec.getUpstreamRepositoryPrefix(), false, problems);
    String url = spec.getUpstreamRegistryUrl();
    if (url == null || url.isBlank()) {
      problems.add(
          new SpecProblem(
              "spec.upstreamRegistryUrl", "required: the URL of the registry to cache"));
    } else if (url.length() > MAX_URL) {
      problems.add(
          new SpecProblem("spec.upstreamRegistryUrl", "longer than " + MAX_URL + " characters"));
    }
    String upstream = spec.getUpstreamRegistry();
    if (upstream != null && !EcrPullThroughCacheRuleSpec.UPSTREAM_REGISTRIES.contains(upstream)) {
      problems.add(
          new SpecProblem(
              "spec.upstreamRegistry",
              "'"
                  + upstream
                  + "' is not an upstream ECR can cache; use one of "
                  + String.join(", ", EcrPullThroughCacheRuleSpec.UPSTREAM_REGISTRIES)));
    }
    String credential = spec.getCredentialArn();
    if (credential != null
        && (credential.length() < MIN_CREDENTIAL
            || credential.length() > MAX_CREDENTIAL
            || !CREDENTIAL.matcher(credential).matches())) {
      problems.add(
          new SpecProblem(
              "spec.credentialArn",
              "'"
                  + credential
                  + "' is not a Secrets Manager secret ARN whose name starts with"
                  + " ecr-pullthroughcache/, as ECR requires (arn:aws:secretsmanager:<region>:"
                  + "<account>:secret:ecr-pullthroughcache/<name>)"));
    }
    String role = spec.getCustomRoleArn();
    if (role != null && !ROLE.matcher(role).matches()) {
      problems.add(
          new SpecProblem(
              "spec.customRoleArn",
              "'" + role + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));
    }
    return problems;
  }

  private static void prefix(
      String path, String prefix, boolean required, List<SpecProblem> problems) {
    if (prefix == null) {
      if (required) {
        problems.add(
            new SpecProblem(path, "required: the repository prefix the rule serves, or ROOT"));
      }
      return;
    }
    if (prefix.length() < MIN_PREFIX
        || prefix.length() > MAX_PREFIX
        || !PREFIX.matcher(prefix).matches()) {
      problems.add(
          new SpecProblem(
              path,
              "'"
                  + prefix
                  + "' is not a pull-through cache prefix: 2 to 30 lowercase letters and digits,"
                  + " separated by '.', '_', '__', '-' or '/', or ROOT"));
    }
  }
}
