package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.desired.DesiredSetting;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.status.Failure;
import dev.operators.ecr.status.SettingStatusFactory;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.SettingOutcome;
import dev.operators.ecr.sync.SettingSync;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one kind of registry-level setting as declared, the same way for every kind: desired state
 * (checked, with paths), a claim (one resource per setting), sync, Events, status. A subclass names
 * its kind and turns its resource into its desired state and its status fields.
 *
 * <p>Two resources that declare the same setting (the same prefix, the same registry) do not fight:
 * the one that already manages it keeps it; else the oldest takes it. The other is Stalled with
 * reason {@link Reasons#CLAIMED} and writes nothing, and takes over when the first goes.
 *
 * @param <R> the resource
 * @param <S> its status
 * @param <D> its checked desired state
 * @param <O> what its sync observes beyond the comparison
 */
public abstract class SettingReconciler<
        R extends CustomResource<?, S>, S extends SettingStatus, D extends DesiredSetting, O>
    implements Reconciler<R>, Cleaner<R> {
  private static final Logger LOG = LoggerFactory.getLogger(SettingReconciler.class);
  private static final String CLAIMANTS = "claimants";

  /**
   * How soon a setting as declared that does not work (say, an unreachable upstream) is rechecked.
   */
  static final Duration NOT_READY_RECHECK = Duration.ofMinutes(5);

  private final ReconcilerSettings settings;
  private final PerIdentity<? extends SettingSync<D, O>> syncs;
  private final AccessSettings access;
  private final AccessSelection<R> selection;
  private final RepositoryEvents events;
  private final StatusWriter statusWriter;
  private final Clock clock;
  private final ResyncSchedule resync;
  private final SettingStatusFactory<S> statuses;

  protected SettingReconciler(
      Class<S> statusType,
      ReconcilerSettings settings,
      PerIdentity<? extends SettingSync<D, O>> syncs,
      AccessSettings access,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
    this.settings = settings;
    this.syncs = syncs;
    this.access = access;
    this.selection =
        new AccessSelection<>(
            access.ambient(),
            false,
            r -> r.getStatus() == null ? null : r.getStatus().getAccess(),
            r -> r.getStatus() == null ? null : r.getStatus().getConditions());
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
    this.resync = new ResyncSchedule(settings.resyncPeriod());
    this.statuses = new SettingStatusFactory<>(statusType);
  }

  /** The resource class. */
  protected abstract Class<R> resourceType();

  /**
   * The checked desired state.
   *
   * @throws InvalidSpecException naming each problem with its path
   * @throws StalledException when something else a person must fix stands in the way
   */
  protected abstract D desired(R resource, ReconcilerSettings settings);

  /**
   * The desired state as far as deleting the setting needs it. By default the whole desired state;
   * a kind whose desired state also depends on other resources (a shared policy) overrides it, so
   * that a resource whose dependency went first is still removed from ECR.
   */
  protected D deletable(R resource, ReconcilerSettings settings) {
    return desired(resource, settings);
  }

  /**
   * The kind's own status fields after a pass that reached ECR.
   *
   * @param previous the status before the pass; null for a new resource
   */
  protected abstract S status(D desired, SettingOutcome<O> outcome, S previous, Instant now);

  @Override
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    // A resource waiting for a setting another holds is reconciled when that one changes or goes.
    var claimants =
        InformerEventSourceConfiguration.from(resourceType(), resourceType())
            .withName(CLAIMANTS)
            .withItemStore(new TrimmedStore<>())
            .withInformerListLimit(Informers.LIST_PAGE)
            .withOnUpdateFilter(
                (fresh, old) ->
                    !Objects.equals(
                            fresh.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                        || !Objects.equals(
                            fresh.getMetadata().getDeletionTimestamp(),
                            old.getMetadata().getDeletionTimestamp())
                        || SettingStatusFactory.manages(fresh) != SettingStatusFactory.manages(old))
            .withSecondaryToPrimaryMapper(
                changed -> {
                  String key = claimOf(changed);
                  if (key == null) {
                    return Set.of();
                  }
                  return context
                      .getPrimaryCache()
                      .list(other -> !sameResource(other, changed) && key.equals(claimOf(other)))
                      .map(ResourceID::fromResource)
                      .collect(Collectors.toSet());
                });
    List<EventSource<?, R>> sources = new ArrayList<>(selection.eventSources(context));
    sources.add(new InformerEventSource<>(claimants.build(), context));
    return sources;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    Acting acting;
    D desired;
    try {
      acting = selection.acting(resource);
      desired = desired(resource, acting.settings(settings));
    } catch (InvalidSpecException e) {
      stall(resource, context, Reasons.INVALID_SPEC, "invalid spec: " + e.getMessage());
      return recheckLater(resource, null);
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource, null);
    }
    String account;
    try {
      account = account(resource, acting, desired);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), null), e);
      return recheckLater(resource, null);
    }
    String moved = AccountGuard.moved(recordedAccount(resource), account, acting, "its setting");
    if (moved != null) {
      stall(resource, context, Reasons.ACCOUNT_CHANGED, moved);
      return recheckLater(resource, null);
    }
    Optional<R> holder = holder(resource, claim(account, desired.claim()), context);
    if (holder.isPresent()) {
      stall(
          resource,
          context,
          Reasons.CLAIMED,
          resource.getKind()
              + " "
              + holder.get().getMetadata().getName()
              + " already manages the "
              + desired.toString()
              + "; this one writes nothing while it does. Delete one of the two, or change this"
              + " one to declare another setting");
      return recheckLater(resource, null);
    }
    if (Annotations.paused(resource)) {
      return pausedPass(resource, context, desired, acting, account);
    }
    ReconcileRequests.warnIfPauseIgnored(resource);
    boolean wasInSync = SettingStatusFactory.inSync(resource);
    Long observed =
        resource.getStatus() == null ? null : resource.getStatus().getObservedGeneration();
    if (observed != null && !observed.equals(resource.getMetadata().getGeneration())) {
      resource =
          statusWriter.write(
              resource,
              context,
              statuses.inProgress(resource, desired.toString(), clock.instant()));
    }
    SettingOutcome<O> outcome;
    try {
      outcome = syncs.of(acting.identity()).sync(desired, SettingStatusFactory.manages(resource));
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource, null);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
      return recheckLater(resource, null);
    }
    announce(resource, desired, outcome, wasInSync);
    Instant now = clock.instant();
    S fresh = status(desired, outcome, resource.getStatus(), now);
    fresh.setRegistryId(account);
    fresh.setAccess(acting.status());
    statusWriter.write(
        resource,
        context,
        statuses.synced(resource, fresh, outcome, desired.toString(), wasInSync, now));
    return recheckLater(resource, outcome.notReady());
  }

  @Override
  public DeleteControl cleanup(R resource, Context<R> context) {
    String id = ResourceId.of(resource);
    if (!SettingStatusFactory.manages(resource)) {
      return DeleteControl.defaultDelete();
    }
    D desired;
    try {
      desired = deletable(resource, settings);
    } catch (InvalidSpecException | StalledException e) {
      String message =
          "the spec no longer says which setting to remove ("
              + e.getMessage()
              + "); it was left in ECR";
      LOG.warn("{}: {}", id, message);
      events.warning(resource, Reasons.RETAINED, message);
      return DeleteControl.defaultDelete();
    }
    if (desired.deletionPolicy() == DeletionPolicy.Retain) {
      LOG.info("{}: deleted; {} retained", id, desired.toString());
      return DeleteControl.defaultDelete();
    }
    // Delete: only as the identity that serves the resource now, in the account it lives in.
    Acting acting;
    String account;
    try {
      acting = selection.acting(resource);
      desired = deletable(resource, acting.settings(settings));
      account = account(resource, acting, desired);
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage() + AccountGuard.KEPT_FOR_DELETION);
      return keepFinalizer(resource);
    } catch (InvalidSpecException e) {
      stall(resource, context, Reasons.INVALID_SPEC, "invalid spec: " + e.getMessage());
      return keepFinalizer(resource);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, AwsIdentity.AMBIENT, null), e);
      return keepFinalizer(resource);
    }
    String moved = AccountGuard.moved(recordedAccount(resource), account, acting, "its setting");
    if (moved != null) {
      stall(resource, context, Reasons.ACCOUNT_CHANGED, moved + AccountGuard.KEPT_FOR_DELETION);
      return keepFinalizer(resource);
    }
    Optional<R> next = claimants(resource, claim(account, desired.claim()), context).findFirst();
    if (next.isPresent()) {
      String message =
          desired.toString()
              + " was left in ECR for "
              + resource.getKind()
              + " "
              + next.get().getMetadata().getName()
              + ", which declares it too";
      LOG.info("{}: deleted; {}", id, message);
      events.normal(resource, Reasons.RETAINED, message);
      return DeleteControl.defaultDelete();
    }
    if (Annotations.paused(resource)) {
      statusWriter.write(
          resource,
          context,
          statuses.pausedDeletion(
              resource,
              "deletionPolicy " + desired.deletionPolicy() + " of the " + desired.toString(),
              clock.instant()));
      return keepFinalizer(resource);
    }
    boolean deleted;
    try {
      deleted = syncs.of(acting.identity()).delete(desired);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
      return keepFinalizer(resource);
    }
    if (deleted) {
      LOG.info("{}: deleted {}", id, desired.toString());
      events.normal(resource, Reasons.DELETED, "deleted " + desired.toString());
    } else {
      LOG.info("{}: deleted; {} was already gone", id, desired.toString());
    }
    return DeleteControl.defaultDelete();
  }

  // A paused resource: ECR is read and compared, nothing is written; what differs is shown.
  private UpdateControl<R> pausedPass(
      R resource, Context<R> context, D desired, Acting acting, String account) {
    boolean managed = SettingStatusFactory.manages(resource);
    SettingOutcome<O> outcome;
    try {
      outcome = syncs.of(acting.identity()).readOnly().sync(desired, managed);
    } catch (StalledException e) {
      stall(resource, context, e.reason(), e.getMessage());
      return recheckLater(resource, null);
    } catch (EcrException e) {
      fail(resource, context, Failure.of(e, acting.identity(), account), e);
      return recheckLater(resource, null);
    }
    List<String> differences =
        switch (outcome.action()) {
          case CREATED -> List.of(managed ? SettingOutcome.WHOLE : NOT_CREATED);
          case ADOPTED, UPDATED -> outcome.fields();
          case UNCHANGED -> List.of();
        };
    ReconcileRequests.driftDetected(events, resource, resource.getStatus(), differences);
    statusWriter.write(resource, context, statuses.paused(resource, differences, clock.instant()));
    return recheckLater(resource, null);
  }

  /** What a paused pass reports of a setting it has not created yet. */
  static final String NOT_CREATED = "(all: not created yet)";

  private DeleteControl keepFinalizer(R resource) {
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(resync.untilNext(resource, clock.instant()));
  }

  // The account the identity acts in: the recorded one when the role is the recorded one, else
  // asked (the operator's own, of ECR, once per region).
  private String account(R resource, Acting acting, D desired) {
    String recorded = recordedAccount(resource);
    if (recorded != null && AccountGuard.sameRole(resource.getStatus().getAccess(), acting)) {
      return recorded;
    }
    return access.accounts().of(acting.identity(), desired.region());
  }

  private static String recordedAccount(CustomResource<?, ? extends SettingStatus> resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getRegistryId();
  }

  // Two resources declare the same setting only in the same account: the claim names it.
  private static String claim(String account, String setting) {
    return account + "/" + setting;
  }

  // One Event per pass that wrote; writes that undid drift say so.
  private void announce(R resource, D desired, SettingOutcome<O> outcome, boolean wasInSync) {
    String what = desired.toString();
    String fields = String.join(", ", outcome.fields());
    List<String> drifted = SettingStatusFactory.drifted(outcome, wasInSync);
    String reason;
    String message;
    switch (outcome.action()) {
      case CREATED -> {
        reason = drifted.isEmpty() ? Reasons.CREATED : Reasons.DRIFT_CORRECTED;
        message =
            drifted.isEmpty()
                ? "created " + what
                : what + " was deleted outside the operator: created it again";
      }
      case ADOPTED -> {
        reason = Reasons.ADOPTED;
        message = "adopted existing " + what + (fields.isEmpty() ? "" : " and set " + fields);
      }
      case UPDATED -> {
        reason = drifted.isEmpty() ? Reasons.UPDATED : Reasons.DRIFT_CORRECTED;
        message =
            drifted.isEmpty()
                ? "set " + fields + " of " + what
                : fields + " of " + what + " changed outside the operator: restored";
      }
      default -> {
        reason = null;
        message = null;
      }
    }
    if (message != null) {
      LOG.info("{}: {}", ResourceId.of(resource), message);
      events.normal(resource, reason, message);
    }
    SettingOutcome.NotReady notReady = outcome.notReady();
    if (notReady != null) {
      stalledEvent(resource, notReady.reason(), notReady.message());
    }
  }

  private UpdateControl<R> recheckLater(R resource, SettingOutcome.NotReady notReady) {
    Duration wait = resync.untilNext(resource, clock.instant());
    if (notReady != null && NOT_READY_RECHECK.compareTo(wait) < 0) {
      wait = NOT_READY_RECHECK;
    }
    return UpdateControl.<R>noUpdate().rescheduleAfter(wait);
  }

  // The resource that holds the setting this one declares, when another does.
  private Optional<R> holder(R resource, String key, Context<R> context) {
    if (SettingStatusFactory.manages(resource)) {
      return claimants(resource, key, context)
          .filter(SettingStatusFactory::manages)
          .filter(other -> older(other, resource))
          .findFirst();
    }
    return claimants(resource, key, context)
        .filter(other -> SettingStatusFactory.manages(other) || older(other, resource))
        .findFirst();
  }

  // The other live resources that declare the same setting, the one that manages it first, then
  // the oldest.
  private Stream<R> claimants(R resource, String key, Context<R> context) {
    return context
        .getPrimaryCache()
        .list(
            other ->
                !sameResource(other, resource)
                    && other.getMetadata().getDeletionTimestamp() == null
                    && key.equals(claimOf(other)))
        .sorted(
            Comparator.comparing((R r) -> !SettingStatusFactory.manages(r))
                .thenComparing(SettingReconciler::age));
  }

  private static boolean older(CustomResource<?, ?> a, CustomResource<?, ?> b) {
    return age(a).compareTo(age(b)) < 0;
  }

  // Creation time, then name: a total order, so that two resources never both wait.
  private static String age(CustomResource<?, ?> r) {
    String created = r.getMetadata().getCreationTimestamp();
    return (created == null ? "" : created) + "/" + r.getMetadata().getName();
  }

  private static boolean sameResource(CustomResource<?, ?> a, CustomResource<?, ?> b) {
    return Objects.equals(a.getMetadata().getName(), b.getMetadata().getName())
        && Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
  }

  // The claim of another resource: its recorded account, else that of the identity serving it
  // when known without a call (the ambient account is asked of ECR by any pass before it claims);
  // none when nothing may act for it.
  private String claimOf(R resource) {
    String account = recordedAccount(resource);
    ReconcilerSettings own = settings;
    try {
      Acting acting = selection.acting(resource);
      own = acting.settings(settings);
      if (account == null) {
        String region = region(resource, own);
        account =
            region == null ? null : access.accounts().known(acting.identity(), region).orElse(null);
      }
    } catch (StalledException e) {
      if (account == null) {
        return null;
      }
    }
    String key = claimKey(resource, own);
    return key == null || account == null ? null : claim(account, key);
  }

  private String region(R resource, ReconcilerSettings own) {
    if (resource.getStatus() != null && resource.getStatus().getRegion() != null) {
      return resource.getStatus().getRegion();
    }
    try {
      return desired(resource, own).region();
    } catch (InvalidSpecException | StalledException e) {
      return null;
    }
  }

  /**
   * The claim of a resource as others see it; null when its spec names no setting. By default that
   * of its desired state. A kind whose desired state also depends on other resources (a shared
   * policy) overrides it, so that a resource waiting for one of them keeps its claim.
   */
  protected String claimKey(R resource, ReconcilerSettings settings) {
    try {
      return desired(resource, settings).claim();
    } catch (InvalidSpecException | StalledException e) {
      return null;
    }
  }

  // Retryable failures go back to JOSDK, which retries with backoff; the others wait for a person.
  private void fail(R resource, Context<R> context, Failure failure, EcrException e) {
    if (failure.stalled()) {
      stall(resource, context, failure.reason(), failure.message());
      return;
    }
    int failedPass = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0) + 1;
    if (SettingStatusFactory.isReady(resource)
        && failedPass < StatusFactory.TRANSIENT_FAILURES_BEFORE_NOT_READY) {
      LOG.info(
          "{}: {} (recheck {} failed; Ready kept)",
          ResourceId.of(resource),
          failure.message(),
          failedPass);
      throw e;
    }
    LOG.warn("{}: {}", ResourceId.of(resource), failure.message());
    statusWriter.write(
        resource,
        context,
        statuses.retrying(resource, failure.reason(), failure.message(), clock.instant()));
    throw e;
  }

  private void stall(R resource, Context<R> context, String reason, String message) {
    stalledEvent(resource, reason, message);
    statusWriter.write(
        resource, context, statuses.stalled(resource, reason, message, clock.instant()));
  }

  private void stalledEvent(R resource, String reason, String message) {
    var conditions = resource.getStatus() == null ? null : resource.getStatus().getConditions();
    if (events.stalled(resource, conditions, reason, reason, message)) {
      LOG.warn("{}: {}: {}", ResourceId.of(resource), reason, message);
    }
  }
}
