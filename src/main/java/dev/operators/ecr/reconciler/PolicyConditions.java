package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** The conditions of an EcrLifecyclePolicy: the one place they are decided. */
final class PolicyConditions {
  private PolicyConditions() {}

  static List<Condition> of(
      EcrLifecyclePolicy policy,
      EcrLifecyclePolicyStatus status,
      boolean ready,
      boolean stalled,
      String reason,
      String message,
      Instant now) {
    List<Condition> previous =
        policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    Long generation = status.getObservedGeneration();
    List<Condition> conditions =
        Conditions.set(previous, Conditions.READY, ready, reason, message, generation, now);
    conditions =
        Conditions.set(
            conditions,
            Conditions.STALLED,
            stalled,
            reason,
            stalled ? message : "",
            generation,
            now);
    return Conditions.set(conditions, Conditions.RECONCILING, false, reason, "", generation, now);
  }
}
