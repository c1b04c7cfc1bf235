package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleStatus;
import dev.operators.ecr.api.UpstreamValidation;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.aws.PullThroughCacheValidation;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.sync.PullThroughCacheRuleSync;
import dev.operators.ecr.sync.SettingOutcome;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Keeps each EcrPullThroughCacheRule's rule in ECR as declared, and reports ECR's check of it. */
@ControllerConfiguration(name = EcrPullThroughCacheRuleReconciler.NAME)
public class EcrPullThroughCacheRuleReconciler
    extends SettingReconciler<
        EcrPullThroughCacheRule,
        EcrPullThroughCacheRuleStatus,
        DesiredPullThroughCacheRule,
        PullThroughCacheValidation> {
  public static final String NAME = "ecrpullthroughcacherule";

  public EcrPullThroughCacheRuleReconciler(
      ReconcilerSettings settings,
      PerIdentity<PullThroughCacheRuleSync> syncs,
      AccessSettings access,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
    super(
        EcrPullThroughCacheRuleStatus.class, settings, syncs, access, events, statusWriter, clock);
  }

  @Override
  protected Class<EcrPullThroughCacheRule> resourceType() {
    return EcrPullThroughCacheRule.class;
  }

  @Override
  protected DesiredPullThroughCacheRule desired(
      EcrPullThroughCacheRule resource, ReconcilerSettings settings) {
    return DesiredPullThroughCacheRule.of(resource, settings.desired());
  }

  @Override
  protected EcrPullThroughCacheRuleStatus status(
      DesiredPullThroughCacheRule desired,
      SettingOutcome<PullThroughCacheValidation> outcome,
      EcrPullThroughCacheRuleStatus previous,
      Instant now) {
    EcrPullThroughCacheRuleStatus status = new EcrPullThroughCacheRuleStatus();
    status.setRegion(desired.region());
    status.setEcrRepositoryPrefix(desired.rule().ecrRepositoryPrefix());
    PullThroughCacheValidation validation = outcome.observed();
    UpstreamValidation before = previous == null ? null : previous.getUpstream();
    // The time moves only when ECR's answer does, so that a quiet pass writes no status.
    boolean same =
        before != null
            && Objects.equals(before.getValid(), validation.valid())
            && Objects.equals(before.getFailure(), validation.failure());
    status.setUpstream(
        new UpstreamValidation(
            validation.valid(),
            validation.failure(),
            same ? before.getSince() : now.truncatedTo(ChronoUnit.SECONDS).toString()));
    return status;
  }
}
