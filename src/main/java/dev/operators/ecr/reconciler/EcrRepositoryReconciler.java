package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.desired.UnresolvedPolicyException;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.Failure;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.OwnershipConflictException;
import dev.operators.ecr.sync.RepositoryDeletion;
import dev.operators.ecr.sync.RepositoryDeletion.Result;
import dev.operators.ecr.sync.RepositorySync;
import dev.operators.ecr.sync.SyncResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps each EcrRepository's ECR repository as declared: observe, desired, diff, apply, status. */
@ControllerConfiguration(name = EcrRepositoryReconciler.NAME)
public class EcrRepositoryReconciler implements Reconciler<EcrRepository>, Cleaner<EcrRepository> {
  public static final String NAME = "ecrrepository";
  private static final Logger LOG = LoggerFactory.getLogger(EcrRepositoryReconciler.class);

  /**
   * Failed passes in a row, for a transient reason, after which a resource that was Ready at its
   * generation shows Ready=False; with JOSDK's backoff (1 s, 2 s, ...) that is a few seconds.
   */
  static final int TRANSIENT_FAILURES_BEFORE_NOT_READY = 3;

  private final OperatorSettings settings;
  private final RepositorySync sync;
  private final RepositoryDeletion deletion;
  private final RepositoryEvents events;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private final ResyncSchedule resync;
  private final SharedPolicies sharedPolicies = new SharedPolicies();

  public EcrRepositoryReconciler(
      OperatorSettings settings,
      RepositorySync sync,
      RepositoryDeletion deletion,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
    this.settings = settings;
    this.sync = sync;
    this.deletion = deletion;
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.resync = new ResyncSchedule(settings.resyncPeriod());
  }

  @Override
  public UpdateControl<EcrRepository> reconcile(
      EcrRepository resource, Context<EcrRepository> context) {
    DesiredRepository desired;
    try {
      desired = DesiredState.of(resource, settings, sharedPolicies.catalog(context));
    } catch (InvalidSpecException e) {
      stall(resource, context, Reasons.INVALID_SPEC, "invalid spec: " + e.getMessage());
      return recheckLater(resource);
    } catch (UnresolvedPolicyException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource);
    }
    // Writes needed while the spec is unchanged since ECR last matched it undo drift.
    boolean wasInSync = StatusFactory.isReady(resource);
    // A failed pass, retried here, may have created the repository without recording it.
    boolean mayExist =
        context.getRetryInfo().isPresent() || RepositorySync.mayExist(resource.getStatus());
    // A spec change shows Reconciling before ECR is touched, so that the status does not keep
    // saying Ready for the old spec. A new resource has no status to correct: its first status is
    // the outcome of its first pass (kstatus and the health checks read a missing
    // observedGeneration as in progress), which saves a write per new resource.
    if (observedGeneration(resource) != null
        && !Objects.equals(resource.getMetadata().getGeneration(), observedGeneration(resource))) {
      resource =
          statusWriter.write(
              resource, context, StatusFactory.inProgress(resource, clock.instant()));
    }
    try {
      SyncResult result = sync.sync(desired, resource.getStatus(), mayExist, clock.instant());
      events.announce(resource, desired.ref(), result, wasInSync);
      statusWriter.write(
          resource,
          context,
          StatusFactory.synced(resource, desired, result, wasInSync, clock.instant()));
    } catch (OwnershipConflictException e) {
      stall(resource, context, e.reason(), e.getMessage());
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e), e);
    }
    return recheckLater(resource);
  }

  // At the resource's own point in the resync period, so that resyncs do not come all at once.
  private UpdateControl<EcrRepository> recheckLater(EcrRepository resource) {
    return UpdateControl.<EcrRepository>noUpdate()
        .rescheduleAfter(resync.untilNext(resource, clock.instant()));
  }

  @Override
  public List<EventSource<?, EcrRepository>> prepareEventSources(
      EventSourceContext<EcrRepository> context) {
    return List.of(sharedPolicies.eventSource(context));
  }

  @Override
  public DeleteControl cleanup(EcrRepository resource, Context<EcrRepository> context) {
    Optional<RepositoryRef> ref = DesiredState.repositoryRef(resource, settings);
    if (ref.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    var spec = resource.getSpec();
    DeletionPolicy policy =
        spec == null || spec.getDeletionPolicy() == null
            ? DeletionPolicy.Retain
            : spec.getDeletionPolicy();
    boolean force = spec != null && Boolean.TRUE.equals(spec.getForceDelete());
    Result result;
    try {
      result = deletion.delete(ref.get(), owner(resource), policy, force);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e), e);
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(resync.untilNext(resource, clock.instant()));
    }
    String id = id(resource);
    switch (result) {
      case RETAINED -> LOG.info("{}: deleted; ECR repository {} retained", id, ref.get());
      case ALREADY_GONE ->
          LOG.info("{}: deleted; ECR repository {} was already gone", id, ref.get());
      case DELETED -> {
        LOG.info("{}: deleted ECR repository {}", id, ref.get());
        events.normal(resource, Reasons.DELETED, "deleted ECR repository " + ref.get());
      }
      case NOT_OWNED -> {
        LOG.warn(
            "{}: ECR repository {} is not owned by this resource; left in place", id, ref.get());
        events.warning(
            resource,
            Reasons.RETAINED,
            "ECR repository " + ref.get() + " is not owned by this resource; it was left in place");
      }
      case BLOCKED_NOT_EMPTY -> {
        stall(
            resource,
            context,
            Reasons.DELETION_BLOCKED,
            "ECR repository "
                + ref.get()
                + " still holds images and was not deleted. Set spec.forceDelete: true to delete"
                + " it with its images, or spec.deletionPolicy: Retain to keep it");
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(resync.untilNext(resource, clock.instant()));
      }
    }
    return DeleteControl.defaultDelete();
  }

  // Retryable failures go back to JOSDK, which retries with backoff; the others wait for a person.
  private void fail(
      EcrRepository resource, Context<EcrRepository> context, Failure failure, EcrException e) {
    if (failure.stalled()) {
      stall(resource, context, failure.reason(), failure.message());
      return;
    }
    int failedPass = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0) + 1;
    if (StatusFactory.isReady(resource) && failedPass < TRANSIENT_FAILURES_BEFORE_NOT_READY) {
      // A throttled or failed recheck says nothing about a repository that matched its spec at
      // this generation; the retry comes within seconds. Ready flips only if it keeps failing.
      LOG.info(
          "{}: {} (recheck {} failed; Ready kept until {} in a row fail)",
          id(resource),
          failure.message(),
          failedPass,
          TRANSIENT_FAILURES_BEFORE_NOT_READY);
      throw e;
    }
    LOG.warn("{}: {}", id(resource), failure.message());
    statusWriter.write(
        resource,
        context,
        StatusFactory.retrying(resource, failure.reason(), failure.message(), clock.instant()));
    throw e;
  }

  private void stall(
      EcrRepository resource, Context<EcrRepository> context, String reason, String message) {
    Condition ready =
        resource.getStatus() == null
            ? null
            : Conditions.find(resource.getStatus().getConditions(), Conditions.READY);
    boolean news =
        ready == null || !reason.equals(ready.getReason()) || !message.equals(ready.getMessage());
    if (news) {
      LOG.warn("{}: {}: {}", id(resource), reason, message);
      events.warning(resource, reason, message);
    }
    statusWriter.write(
        resource, context, StatusFactory.stalled(resource, reason, message, clock.instant()));
  }

  private Owner owner(EcrRepository resource) {
    return Owner.of(
        settings.clusterName(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }

  private static Long observedGeneration(EcrRepository resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getObservedGeneration();
  }

  private static String id(EcrRepository resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
