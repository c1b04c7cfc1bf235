package dev.operators.ecr.status;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicyStatus;
import dev.operators.ecr.api.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/**
 * Builds every status the operator writes for a shared EcrLifecyclePolicy: the one place where its
 * conditions are decided.
 */
public final class PolicyStatusFactory {
  private PolicyStatusFactory() {}

  /** The policy's rules are invalid: a person must fix them. */
  public static EcrLifecyclePolicyStatus invalid(
      EcrLifecyclePolicy policy, String message, Instant now) {
    EcrLifecyclePolicyStatus status = observed(policy);
    return conditions(policy, status, false, true, Reasons.INVALID_SPEC, message, now);
  }

  /**
   * A valid policy, its version and how many repositories use it and carry that version; stalled
   * when other policies are annotated as the default too.
   *
   * @param otherDefaults the other policies annotated as the default, when this one is; by name
   */
  public static EcrLifecyclePolicyStatus valid(
      EcrLifecyclePolicy policy,
      String digest,
      long users,
      long inSync,
      Users templates,
      List<String> otherDefaults,
      Instant now) {
    EcrLifecyclePolicyStatus status = observed(policy);
    status.setDigest(digest);
    status.setVersion(AppliedLifecyclePolicy.versionOf(digest));
    status.setRepositories(users);
    status.setRepositoriesInSync(inSync);
    if (templates.count() > 0) {
      status.setTemplates(templates.count());
      status.setTemplatesInSync(templates.inSync());
    }
    if (!otherDefaults.isEmpty()) {
      String message =
          "annotated as the default, like "
              + otherDefaults
              + "; no default applies while several are. Keep the annotation "
              + EcrLifecyclePolicy.DEFAULT_ANNOTATION
              + " on one";
      return conditions(policy, status, false, true, Reasons.DEFAULT_POLICY_CONFLICT, message, now);
    }
    String message =
        "version "
            + status.getVersion()
            + (policy.isDefault() ? " (the cluster default)" : "")
            + "; "
            + inSync
            + " of "
            + users
            + " repositories using it carry this version"
            + (templates.count() == 0
                ? ""
                : ", " + templates.inSync() + " of " + templates.count() + " creation templates");
    return conditions(policy, status, true, false, Reasons.SYNCED, message, now);
  }

  /** The policy's deletion waits for the repositories that still reference it. */
  public static EcrLifecyclePolicyStatus inUse(
      EcrLifecyclePolicy policy, EcrLifecyclePolicyStatus status, String message, Instant now) {
    return conditions(policy, status, false, true, Reasons.IN_USE, message, now);
  }

  private static EcrLifecyclePolicyStatus observed(EcrLifecyclePolicy policy) {
    EcrLifecyclePolicyStatus status = new EcrLifecyclePolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    return status;
  }

  private static EcrLifecyclePolicyStatus conditions(
      EcrLifecyclePolicy policy,
      EcrLifecyclePolicyStatus status,
      boolean ready,
      boolean stalled,
      String reason,
      String message,
      Instant now) {
    List<Condition> previous =
        policy.getStatus() == null ? null : policy.getStatus().getConditions();
    status.setConditions(
        Conditions.kstatus(
            previous, ready, stalled, false, reason, message, status.getObservedGeneration(), now));
    return status;
  }

  /** How many resources of one kind use a policy, and how many of them carry its version. */
  public record Users(long count, long inSync) {}
}
