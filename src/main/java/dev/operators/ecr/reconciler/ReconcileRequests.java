package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.ResourceStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controllers do with the steering annotations ({@link Annotations}): which updates of a
 * resource get a pass, whether a pass handles a reconcile request, and the Event of a paused pass
 * that finds drift.
 */
public final class ReconcileRequests {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileRequests.class);

  private ReconcileRequests() {}

  /**
   * The updates of a resource that get a pass: a new generation (the spec), a change of a steering
   * annotation or of the labels, the start of its deletion, and its finalizer added or removed.
   * Anything else, the operator's own status writes above all, gets none. For a controller that is
   * not generation aware: JOSDK then lets every update through its own filters, and this one
   * decides alone.
   */
  public static <R extends HasMetadata> OnUpdateFilter<R> updates() {
    return (fresh, old) ->
        !Objects.equals(fresh.getMetadata().getGeneration(), old.getMetadata().getGeneration())
            || Annotations.steeringChanged(fresh, old)
            // Labels choose the AWS identity (an EcrAccess's resourceSelector): a relabelled
            // resource is matched again now. The operator never writes labels itself.
            || !Objects.equals(fresh.getMetadata().getLabels(), old.getMetadata().getLabels())
            || fresh.isMarkedForDeletion() != old.isMarkedForDeletion()
            || !Objects.equals(
                fresh.getMetadata().getFinalizers(), old.getMetadata().getFinalizers());
  }

  /** Whether the resource carries a reconcile request that no pass has handled yet. */
  static boolean pending(CustomResource<?, ? extends ResourceStatus> resource) {
    String requested = Annotations.requestedAt(resource);
    ResourceStatus status = resource.getStatus();
    return requested != null
        && (status == null || !requested.equals(status.getLastHandledReconcileAt()));
  }

  /**
   * A pause annotation with a value other than {@code "true"} does not pause (a typo must not stop
   * the operator from correcting drift silently, nor pause it by surprise): the resource is
   * reconciled as usual, and each pass logs a warning.
   */
  static void warnIfPauseIgnored(HasMetadata resource) {
    String value = Annotations.pausedValueIgnored(resource);
    if (value != null) {
      LOG.warn(
          "{}: annotation {}: \"{}\" does not pause (only \"{}\" does); reconciled as usual",
          ResourceId.of(resource),
          Annotations.PAUSED,
          value,
          Annotations.PAUSED_VALUE);
    }
  }

  /**
   * A Warning Event when a paused pass finds ECR differing in fields the last one did not report:
   * once per difference, not at every pass.
   */
  static void driftDetected(
      RepositoryEvents events,
      HasMetadata resource,
      ResourceStatus previous,
      List<String> differences) {
    List<String> before =
        previous == null || previous.getDrift() == null ? List.of() : previous.getDrift();
    if (differences.isEmpty() || before.equals(differences)) {
      return;
    }
    String message =
        "paused: ECR differs from the spec in "
            + String.join(", ", differences)
            + "; nothing is corrected until the annotation "
            + Annotations.PAUSED
            + " is removed";
    LOG.info("{}: {}", ResourceId.of(resource), message);
    events.warning(resource, Reasons.DRIFT_DETECTED, message);
  }
}
