package dev.operators.ecr.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The status fields of a resource that a person steers with {@link Annotations}: the reconcile
 * request last handled, and what a paused pass found.
 */
public interface SteeredStatus {
  /** The status's conditions (Ready, Stalled, Reconciling). */
  List<Condition> getConditions();

  /** The value of {@link Annotations#RECONCILE_REQUESTED_AT} the last pass handled. */
  String getLastHandledReconcileAt();

  void setLastHandledReconcileAt(String lastHandledReconcileAt);

  /** While paused: the spec fields ECR differs in, left as they are; null when not paused. */
  List<String> getDrift();

  void setDrift(List<String> drift);

  /**
   * While paused: the generation at which ECR last matched the spec before the pause; null when it
   * did not match at the pause, and when not paused.
   */
  Long getMatchedGeneration();

  void setMatchedGeneration(Long matchedGeneration);
}
