package dev.operators.ecr.sync;

import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.PullThroughCacheRule;
import dev.operators.ecr.aws.PullThroughCacheValidation;
import dev.operators.ecr.aws.ReadOnlyEcrPort;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.desired.StalledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps a pull-through cache rule as declared. ECR changes only the credentials and the role of a
 * rule in place; a rule found with another upstream is someone else's, and is left alone. Each pass
 * ends with ECR's own check of the upstream (ValidatePullThroughCacheRule).
 */
public final class PullThroughCacheRuleSync
    implements SettingSync<DesiredPullThroughCacheRule, PullThroughCacheValidation> {

  private final EcrPort ecr;

  public PullThroughCacheRuleSync(EcrPort ecr) {
    this.ecr = ecr;
  }

  @Override
  public PullThroughCacheRuleSync readOnly() {
    return new PullThroughCacheRuleSync(new ReadOnlyEcrPort(ecr));
  }

  @Override
  public SettingOutcome<PullThroughCacheValidation> sync(
      DesiredPullThroughCacheRule desired, boolean managed) {
    String region = desired.region();
    PullThroughCacheRule rule = desired.rule();
    Optional<PullThroughCacheRule> found =
        ecr.describePullThroughCacheRule(region, rule.ecrRepositoryPrefix());
    SettingOutcome.Action action;
    List<String> fields = new ArrayList<>();
    if (found.isEmpty()) {
      ecr.createPullThroughCacheRule(region, rule);
      action = SettingOutcome.Action.CREATED;
      if (managed) {
        fields.add(SettingOutcome.WHOLE);
      }
    } else {
      List<String> upstream = upstreamDifferences(rule, found.get());
      if (!upstream.isEmpty()) {
        throw new StalledException(
            Reasons.ALREADY_EXISTS,
            "ECR already has a "
                + desired
                + " with another "
                + String.join(", ", upstream)
                + ", which ECR cannot change in place; delete that rule in ECR (aws ecr"
                + " delete-pull-through-cache-rule --ecr-repository-prefix "
                + rule.ecrRepositoryPrefix()
                + " --region "
                + region
                + ") or declare it as it is");
      }
      fields.addAll(updates(rule, found.get()));
      if (!fields.isEmpty()) {
        ecr.updatePullThroughCacheRule(
            region, rule.ecrRepositoryPrefix(), rule.credentialArn(), rule.customRoleArn());
      }
      action =
          !managed
              ? SettingOutcome.Action.ADOPTED
              : fields.isEmpty() ? SettingOutcome.Action.UNCHANGED : SettingOutcome.Action.UPDATED;
    }
    PullThroughCacheValidation validation =
        ecr.validatePullThroughCacheRule(region, rule.ecrRepositoryPrefix());
    SettingOutcome.NotReady notReady =
        validation.valid()
            ? null
            : new SettingOutcome.NotReady(
                Reasons.UPSTREAM_UNREACHABLE,
                "ECR cannot pull from "
                    + rule.upstreamRegistryUrl()
                    + " with this rule"
                    + (validation.failure() == null ? "" : ": " + validation.failure())
                    + "; check spec.credentialArn (the secret and its contents) and"
                    + " spec.customRoleArn. The operator checks again at the next pass");
    return new SettingOutcome<>(action, fields, validation, notReady);
  }

  @Override
  public boolean delete(DesiredPullThroughCacheRule desired) {
    return ecr.deletePullThroughCacheRule(desired.region(), desired.rule().ecrRepositoryPrefix());
  }

  // The fields ECR cannot change; one the spec leaves out is whatever ECR chose.
  private static List<String> upstreamDifferences(
      PullThroughCacheRule declared, PullThroughCacheRule found) {
    List<String> differences = new ArrayList<>();
    differs(
        "upstreamRegistryUrl",
        declared,
        found,
        PullThroughCacheRule::upstreamRegistryUrl,
        differences);
    differs(
        "upstreamRegistry", declared, found, PullThroughCacheRule::upstreamRegistry, differences);
    differs(
        "upstreamRepositoryPrefix",
        declared,
        found,
        PullThroughCacheRule::upstreamRepositoryPrefix,
        differences);
    return differences;
  }

  // The fields changed in place. A declared value is written; one the spec leaves out is not
  // compared, since UpdatePullThroughCacheRule cannot remove it (design.md).
  private static List<String> updates(PullThroughCacheRule declared, PullThroughCacheRule found) {
    List<String> differences = new ArrayList<>();
    differs("credentialArn", declared, found, PullThroughCacheRule::credentialArn, differences);
    differs("customRoleArn", declared, found, PullThroughCacheRule::customRoleArn, differences);
    return differences;
  }

  private static void differs(
      String field,
      PullThroughCacheRule declared,
      PullThroughCacheRule found,
      Function<PullThroughCacheRule, String> value,
      List<String> differences) {
    String wanted = value.apply(declared);
    if (wanted != null && !Objects.equals(wanted, value.apply(found))) {
      differences.add(field);
    }
  }
}
