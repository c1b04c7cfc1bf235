package dev.operators.ecr.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.sync.SettingOutcome;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds the status of a registry-level resource, for every kind, in one place: conditions as
 * kstatus reads them, observedGeneration, whether it manages its setting, and drift corrections.
 * The kind's own fields come in a status the kind built; a failed pass keeps those of the last
 * pass.
 *
 * @param <S> the kind's status
 */
public final class SettingStatusFactory<S extends SettingStatus> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Class<S> type;

  public SettingStatusFactory(Class<S> type) {
    this.type = type;
  }

  /**
   * The status after a pass that reached ECR.
   *
   * @param fresh the kind's fields, as this pass observed them
   * @param what the setting, as messages name it
   * @param wasInSync whether the resource was Ready for its current spec before the pass: its
   *     writes then undid changes made in ECR behind the operator's back
   */
  public S synced(
      CustomResource<?, S> resource,
      S fresh,
      SettingOutcome<?> outcome,
      String what,
      boolean wasInSync,
      Instant now) {
    S previous = resource.getStatus();
    fresh.setManaged(true);
    List<String> drifted = drifted(outcome, wasInSync);
    if (drifted.isEmpty()) {
      fresh.setDriftCorrections(previous == null ? null : previous.getDriftCorrections());
      fresh.setLastDriftCorrection(previous == null ? null : previous.getLastDriftCorrection());
    } else {
      long before =
          previous == null || previous.getDriftCorrections() == null
              ? 0
              : previous.getDriftCorrections();
      fresh.setDriftCorrections(before + drifted.size());
      fresh.setLastDriftCorrection(
          new DriftCorrection(now.truncatedTo(ChronoUnit.SECONDS).toString(), drifted));
    }
    fresh.setConditions(previous == null ? null : previous.getConditions());
    SettingOutcome.NotReady notReady = outcome.notReady();
    if (notReady != null) {
      return conditions(
          fresh, resource, false, true, false, notReady.reason(), notReady.message(), now);
    }
    return conditions(
        fresh, resource, true, false, false, Reasons.SYNCED, what + " is as declared", now);
  }

  /** The fields a pass restored after they were changed outside the operator; empty when none. */
  public static List<String> drifted(SettingOutcome<?> outcome, boolean wasInSync) {
    boolean restored =
        outcome.action() == SettingOutcome.Action.CREATED
            || outcome.action() == SettingOutcome.Action.UPDATED;
    return wasInSync && restored ? outcome.fields() : List.of();
  }

  /** A person must act: nothing more is written to ECR until the spec or ECR changes. */
  public S stalled(CustomResource<?, S> resource, String reason, String message, Instant now) {
    return conditions(
        copy(resource.getStatus()), resource, false, true, false, reason, message, now);
  }

  /** A transient failure: retried with backoff. */
  public S retrying(CustomResource<?, S> resource, String reason, String message, Instant now) {
    return conditions(
        copy(resource.getStatus()), resource, false, false, true, reason, message, now);
  }

  /** Work is under way: set before the first ECR call for a new generation. */
  public S inProgress(CustomResource<?, S> resource, String what, Instant now) {
    S status = copy(resource.getStatus());
    boolean managed = Boolean.TRUE.equals(status.getManaged());
    String reason = managed ? Reasons.UPDATING : Reasons.CREATING;
    String message = (managed ? "updating " : "creating ") + what;
    return conditions(status, resource, false, false, true, reason, message, now);
  }

  /**
   * The pass of a paused resource: ECR was compared and left as it is; as {@link
   * StatusFactory#paused} says for a repository. The kind's own fields stay as the last pass that
   * was not paused left them.
   *
   * @param differences the fields ECR differs in; empty when it matches
   */
  public S paused(CustomResource<?, S> resource, List<String> differences, Instant now) {
    S status = copy(resource.getStatus());
    StatusFactory.pausedFields(
        status, isReady(resource), differences, resource.getMetadata().getGeneration());
    return conditions(
        status,
        resource,
        false,
        false,
        false,
        Reasons.PAUSED,
        StatusFactory.pausedMessage(differences),
        now);
  }

  /** A paused resource being deleted: as {@link StatusFactory#pausedDeletion} says. */
  public S pausedDeletion(CustomResource<?, S> resource, String applied, Instant now) {
    return conditions(
        copy(resource.getStatus()),
        resource,
        false,
        false,
        false,
        Reasons.PAUSED,
        StatusFactory.pausedDeletionMessage(applied),
        now);
  }

  /**
   * Whether ECR matched the spec at the current generation when the last pass ended: Ready, or
   * paused with ECR last found matching at it.
   */
  public static boolean inSync(CustomResource<?, ? extends SettingStatus> resource) {
    return isReady(resource)
        || StatusFactory.matchedAt(resource.getStatus(), resource.getMetadata().getGeneration());
  }

  /** Whether the resource is Ready for its current generation. */
  public static boolean isReady(CustomResource<?, ? extends SettingStatus> resource) {
    SettingStatus status = resource.getStatus();
    if (status == null || status.getObservedGeneration() == null) {
      return false;
    }
    var ready = Conditions.find(status.getConditions(), Conditions.READY);
    return ready != null
        && "True".equals(ready.getStatus())
        && status.getObservedGeneration().equals(resource.getMetadata().getGeneration());
  }

  /** Whether the resource created or adopted its setting in ECR. */
  public static boolean manages(CustomResource<?, ? extends SettingStatus> resource) {
    return resource.getStatus() != null && Boolean.TRUE.equals(resource.getStatus().getManaged());
  }

  // Through the serializer, so that a field added to a status is never dropped here.
  private S copy(S previous) {
    try {
      return previous == null
          ? type.getDeclaredConstructor().newInstance()
          : JSON.convertValue(previous, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + type.getName(), e);
    }
  }

  private S conditions(
      S status,
      CustomResource<?, S> resource,
      boolean ready,
      boolean stalled,
      boolean reconciling,
      String reason,
      String message,
      Instant now) {
    Long generation = resource.getMetadata().getGeneration();
    status.setConditions(
        Conditions.kstatus(
            status.getConditions(), ready, stalled, reconciling, reason, message, generation, now));
    status.setObservedGeneration(generation);
    return status;
  }
}
