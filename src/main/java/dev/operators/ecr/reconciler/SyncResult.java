package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.aws.RepositoryInfo;
import java.util.List;

/**
 * What one pass of {@link RepositorySync} found and changed.
 *
 * @param appliedPolicy the policy this operator now manages on the repository; null when none
 */
public record SyncResult(
    RepositoryInfo repository, AppliedLifecyclePolicy appliedPolicy, List<Change> changes) {

  /** A write made to ECR. */
  public enum Change {
    CREATED,
    ADOPTED,
    POLICY_APPLIED,
    POLICY_DRIFT_CORRECTED,
    POLICY_REMOVED
  }

  public SyncResult {
    changes = List.copyOf(changes);
  }
}
