package dev.operators.ecr.reconciler;

import dev.operators.ecr.desired.DesiredSettings;
import java.time.Duration;
import java.util.Set;

/**
 * What of the operator's configuration the reconcilers use.
 *
 * @param desired what the desired state depends on
 * @param resyncPeriod how often each resource is rechecked against ECR with no event
 * @param namespaces the namespaces watched; empty means all
 */
public record ReconcilerSettings(
    DesiredSettings desired, Duration resyncPeriod, Set<String> namespaces) {
  public ReconcilerSettings {
    namespaces = Set.copyOf(namespaces);
  }
}
