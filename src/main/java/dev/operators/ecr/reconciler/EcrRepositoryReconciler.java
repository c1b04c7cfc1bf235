package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.desired.DesiredDeletion;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.status.Failure;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.RepositoryDeletion;
import dev.operators.ecr.sync.RepositoryDeletion.Result;
import dev.operators.ecr.sync.RepositorySync;
import dev.operators.ecr.sync.SyncResult;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  private final ReconcilerSettings settings;
  private final PerIdentity<RepositorySync> syncs;
  private final PerIdentity<RepositoryDeletion> deletions;
  private final AccessSettings access;
  private final AccessSelection<EcrRepository> selection;
  private final RepositoryEvents events;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private final ResyncSchedule resync;
  private final SharedPolicies sharedPolicies = new SharedPolicies();
  private final InUseChanges inUseChanges;

  /**
   * @param syncs the sync of each AWS identity
   * @param deletions the deletion of each AWS identity
   * @param inUseChanges reconciles a protected repository when its images in use change; null when
   *     the operator does not watch what runs
   */
  public EcrRepositoryReconciler(
      ReconcilerSettings settings,
      PerIdentity<RepositorySync> syncs,
      PerIdentity<RepositoryDeletion> deletions,
      AccessSettings access,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock,
      InUseChanges inUseChanges) {
    this.inUseChanges = inUseChanges;
    this.settings = settings;
    this.syncs = syncs;
    this.deletions = deletions;
    this.access = access;
    this.selection =
        new AccessSelection<>(
            access.ambient(),
            true,
            r -> r.getStatus() == null ? null : r.getStatus().getAccess(),
            r -> r.getStatus() == null ? null : r.getStatus().getConditions());
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.resync = new ResyncSchedule(settings.resyncPeriod());
  }

  @Override
  public UpdateControl<EcrRepository> reconcile(
      EcrRepository resource, Context<EcrRepository> context) {
    Acting acting;
    DesiredRepository desired;
    try {
      acting = selection.acting(resource);
      desired =
          DesiredState.of(
              resource, acting.settings(settings.desired()), sharedPolicies.catalog(context));
    } catch (InvalidSpecException e) {
      stall(resource, context, Reasons.INVALID_SPEC, "invalid spec: " + e.getMessage());
      return recheckLater(resource);
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource);
    }
    String recorded = resource.getStatus() == null ? null : resource.getStatus().getRegistryId();
    String account = recorded;
    if (recorded != null && !AccountGuard.sameRole(resource.getStatus().getAccess(), acting)) {
      try {
        account = access.accounts().of(acting.identity(), desired.ref().region());
      } catch (EcrException e) {
        fail(resource, context, Failure.of(e, acting.identity(), null), e);
        return recheckLater(resource);
      }
      String moved = AccountGuard.moved(recorded, account, acting, "its ECR repository");
      if (moved != null) {
        stall(resource, context, Reasons.ACCOUNT_CHANGED, moved);
        return recheckLater(resource);
      }
    }
    RepositorySync sync = syncs.of(acting.identity());
    if (Annotations.paused(resource)) {
      return pausedPass(resource, context, desired, sync, acting, account);
    }
    ReconcileRequests.warnIfPauseIgnored(resource);
    // A reconcile request not yet handled: a full recheck, trusting nothing kept from before.
    boolean requested = ReconcileRequests.pending(resource);
    // Writes needed while the spec is unchanged since ECR last matched it undo drift.
    boolean wasInSync = StatusFactory.inSync(resource);
    // A failed pass, retried here, may have created the repository without recording it.
    boolean mayExist =
        context.getRetryInfo().isPresent() || StatusFactory.mayExist(resource.getStatus());
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
    Instant nextRelease = null;
    try {
      SyncResult result =
          requested
              ? sync.recheck(desired, resource.getStatus(), mayExist, clock.instant())
              : sync.sync(desired, resource.getStatus(), mayExist, clock.instant());
      events.announce(resource, desired.ref(), result, wasInSync);
      EcrRepositoryStatus synced =
          StatusFactory.synced(resource, desired, result, wasInSync, clock.instant());
      synced.setAccess(acting.status());
      statusWriter.write(resource, context, synced);
      if (inUseChanges != null) {
        inUseChanges.passed(
            ResourceID.fromResource(resource),
            result.repository().registryId(),
            desired.ref().region(),
            desired.ref().name(),
            desired.protectInUse());
      }
      nextRelease = result.protection() == null ? null : result.protection().nextRelease();
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
    }
    return recheckLater(resource, nextRelease);
  }

  // A paused resource: ECR is read and compared, nothing is written; what differs is shown.
  private UpdateControl<EcrRepository> pausedPass(
      EcrRepository resource,
      Context<EcrRepository> context,
      DesiredRepository desired,
      RepositorySync sync,
      Acting acting,
      String account) {
    List<String> differences;
    try {
      differences = sync.differences(desired, resource.getStatus(), clock.instant());
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
      return recheckLater(resource);
    }
    ReconcileRequests.driftDetected(events, resource, resource.getStatus(), differences);
    statusWriter.write(
        resource, context, StatusFactory.paused(resource, differences, clock.instant()));
    return recheckLater(resource);
  }

  // At the resource's own point in the resync period, so that resyncs do not come all at once.
  private UpdateControl<EcrRepository> recheckLater(EcrRepository resource) {
    return recheckLater(resource, null);
  }

  // Or, when sooner, just after the grace period of an image out of use ends.
  private UpdateControl<EcrRepository> recheckLater(EcrRepository resource, Instant graceEnds) {
    Instant now = clock.instant();
    Duration wait = resync.untilNext(resource, now);
    if (graceEnds != null) {
      Duration untilGraceEnds = Duration.between(now, graceEnds).plus(GRACE_SLACK);
      if (untilGraceEnds.compareTo(wait) < 0) {
        wait = untilGraceEnds.isNegative() ? GRACE_SLACK : untilGraceEnds;
      }
    }
    return UpdateControl.<EcrRepository>noUpdate().rescheduleAfter(wait);
  }

  /** How long after a grace period ends the pass that may release the image comes. */
  private static final Duration GRACE_SLACK = Duration.ofSeconds(1);

  @Override
  public List<EventSource<?, EcrRepository>> prepareEventSources(
      EventSourceContext<EcrRepository> context) {
    List<EventSource<?, EcrRepository>> sources = new ArrayList<>(selection.eventSources(context));
    sources.add(sharedPolicies.eventSource(context));
    if (inUseChanges != null) {
      sources.add(inUseChanges.eventSource());
    }
    return sources;
  }

  @Override
  public DeleteControl cleanup(EcrRepository resource, Context<EcrRepository> context) {
    Acting acting;
    try {
      acting = selection.acting(resource);
    } catch (StalledException e) {
      if (inUseChanges != null) {
        inUseChanges.forget(ResourceID.fromResource(resource));
      }
      return unserved(resource, context, e.reason(), e.getMessage());
    }
    Optional<DesiredDeletion> desired =
        DesiredState.deletion(resource, acting.settings(settings.desired()));
    // Deleting or releasing (Retain removes the owner tag) writes to ECR: it waits for the resume.
    if (desired.isPresent() && Annotations.paused(resource)) {
      statusWriter.write(
          resource,
          context,
          StatusFactory.pausedDeletion(
              resource,
              "deletionPolicy "
                  + desired.get().policy()
                  + " of ECR repository "
                  + desired.get().ref(),
              clock.instant()));
      return keepFinalizer(resource);
    }
    if (inUseChanges != null) {
      inUseChanges.forget(ResourceID.fromResource(resource));
    }
    if (desired.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    String recorded = resource.getStatus() == null ? null : resource.getStatus().getRegistryId();
    String account = recorded;
    Result result;
    try {
      if (recorded != null && !AccountGuard.sameRole(resource.getStatus().getAccess(), acting)) {
        account = access.accounts().of(acting.identity(), desired.get().ref().region());
        String moved = AccountGuard.moved(recorded, account, acting, "its ECR repository");
        if (moved != null) {
          return unserved(resource, context, Reasons.ACCOUNT_CHANGED, moved);
        }
      }
      syncs.of(acting.identity()).forget(desired.get().ref());
      result = deletions.of(acting.identity()).delete(desired.get());
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return keepFinalizer(resource);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
      return keepFinalizer(resource);
    }
    var ref = desired.get().ref();
    String id = ResourceId.of(resource);
    switch (result) {
      case RETAINED -> LOG.info("{}: deleted; ECR repository {} retained", id, ref);
      case ALREADY_GONE -> LOG.info("{}: deleted; ECR repository {} was already gone", id, ref);
      case DELETED -> {
        LOG.info("{}: deleted ECR repository {}", id, ref);
        events.normal(resource, Reasons.DELETED, "deleted ECR repository " + ref);
      }
      case NOT_OWNED -> {
        LOG.warn("{}: ECR repository {} is not owned by this resource; left in place", id, ref);
        events.warning(
            resource,
            Reasons.RETAINED,
            "ECR repository " + ref + " is not owned by this resource; it was left in place");
      }
    }
    return DeleteControl.defaultDelete();
  }

  // No identity may act for a resource being deleted: one whose repository is retained lets go
  // with no ECR call (releasing the owner tag needs an identity, so the tag stays); one whose
  // repository is to be deleted keeps its finalizer until an identity serves it again or its
  // policy becomes Retain.
  private DeleteControl unserved(
      EcrRepository resource, Context<EcrRepository> context, String reason, String message) {
    var spec = resource.getSpec();
    if (spec == null || spec.getDeletionPolicy() != DeletionPolicy.Delete) {
      String id = ResourceId.of(resource);
      LOG.info("{}: deleted; ECR repository retained, untouched: {}", id, message);
      events.normal(
          resource,
          Reasons.RETAINED,
          "the ECR repository was retained untouched (its owner tag stays): " + message);
      return DeleteControl.defaultDelete();
    }
    stall(resource, context, reason, message + AccountGuard.KEPT_FOR_DELETION);
    return keepFinalizer(resource);
  }

  // The finalizer stays until a person acts or the next check: at the resource's point in the
  // period.
  private DeleteControl keepFinalizer(EcrRepository resource) {
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(resync.untilNext(resource, clock.instant()));
  }

  // Retryable failures go back to JOSDK, which retries with backoff; the others wait for a person.
  private void fail(
      EcrRepository resource, Context<EcrRepository> context, Failure failure, EcrException e) {
    if (failure.stalled()) {
      stall(resource, context, failure.reason(), failure.message());
      return;
    }
    int failedPass = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0) + 1;
    if (StatusFactory.keepsReady(resource, failedPass)) {
      LOG.info(
          "{}: {} (recheck {} failed; Ready kept until {} in a row fail)",
          ResourceId.of(resource),
          failure.message(),
          failedPass,
          StatusFactory.TRANSIENT_FAILURES_BEFORE_NOT_READY);
      throw e;
    }
    LOG.warn("{}: {}", ResourceId.of(resource), failure.message());
    statusWriter.write(
        resource,
        context,
        StatusFactory.retrying(resource, failure.reason(), failure.message(), clock.instant()));
    throw e;
  }

  private void stall(
      EcrRepository resource, Context<EcrRepository> context, String reason, String message) {
    var conditions = resource.getStatus() == null ? null : resource.getStatus().getConditions();
    if (events.stalled(resource, conditions, reason, reason, message)) {
      LOG.warn("{}: {}: {}", ResourceId.of(resource), reason, message);
    }
    statusWriter.write(
        resource, context, StatusFactory.stalled(resource, reason, message, clock.instant()));
  }

  private static Long observedGeneration(EcrRepository resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getObservedGeneration();
  }
}
