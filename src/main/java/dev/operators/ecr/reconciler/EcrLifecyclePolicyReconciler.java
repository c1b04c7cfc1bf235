package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicyStatus;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.UnresolvedPolicyException;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.RepositorySummaryStore;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.StatusFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on each shared EcrLifecyclePolicy: whether it is valid, its version, how many
 * repositories use it and how many carry its current version; and keeps one that repositories
 * reference from being deleted under them.
 */
@ControllerConfiguration(name = EcrLifecyclePolicyReconciler.NAME)
public class EcrLifecyclePolicyReconciler
    implements Reconciler<EcrLifecyclePolicy>, Cleaner<EcrLifecyclePolicy> {
  public static final String NAME = "ecrlifecyclepolicy";
  private static final Logger LOG = LoggerFactory.getLogger(EcrLifecyclePolicyReconciler.class);
  private static final String REPOSITORIES = "repositories";
  private static final String DEFAULTS = "default-policies";
  private static final int NAMED_USERS = 10;

  private final OperatorSettings settings;
  private final RepositoryEvents events;
  private final StatusWriter statusWriter;
  private final Clock clock;

  public EcrLifecyclePolicyReconciler(
      OperatorSettings settings, RepositoryEvents events, StatusWriter statusWriter, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.statusWriter = statusWriter;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, EcrLifecyclePolicy>> prepareEventSources(
      EventSourceContext<EcrLifecyclePolicy> context) {
    var repositories =
        InformerEventSourceConfiguration.from(EcrRepository.class, EcrLifecyclePolicy.class)
            .withName(REPOSITORIES)
            .withItemStore(
                new RepositorySummaryStore(context.getClient().getKubernetesSerialization()))
            .withInformerListLimit(Informers.LIST_PAGE)
            .withSecondaryToPrimaryMapper(EcrLifecyclePolicyReconciler::policiesOf);
    if (!settings.namespaces().isEmpty()) {
      repositories.withNamespaces(settings.namespaces());
    }
    // A policy that becomes, or stops being, the default changes whether the others conflict.
    var defaults =
        InformerEventSourceConfiguration.from(EcrLifecyclePolicy.class, EcrLifecyclePolicy.class)
            .withName(DEFAULTS)
            .withItemStore(new TrimmedStore<>())
            .withInformerListLimit(Informers.LIST_PAGE)
            .withSecondaryToPrimaryMapper(
                policy -> {
                  Set<ResourceID> ids = new HashSet<>();
                  context
                      .getPrimaryCache()
                      .list(EcrLifecyclePolicy::isDefault)
                      .forEach(p -> ids.add(ResourceID.fromResource(p)));
                  ids.add(ResourceID.fromResource(policy));
                  return ids;
                });
    return List.of(
        new InformerEventSource<>(repositories.build(), context),
        new InformerEventSource<>(defaults.build(), context));
  }

  @Override
  public UpdateControl<EcrLifecyclePolicy> reconcile(
      EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    statusWriter.write(policy, context, status(policy, context));
    return UpdateControl.noUpdate();
  }

  // Repositories that name the policy keep it: deleting it would leave them unresolved. Those
  // that only got it as the default let it go, and the default is retracted from them.
  @Override
  public DeleteControl cleanup(EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    String name = policy.getMetadata().getName();
    List<String> referencing =
        repositories(context).stream()
            .filter(r -> SharedPolicies.references(r, name))
            .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
            .toList();
    if (referencing.isEmpty()) {
      LOG.info("EcrLifecyclePolicy {}: deleted", name);
      return DeleteControl.defaultDelete();
    }
    String message =
        "EcrLifecyclePolicy "
            + name
            + " is still referenced by "
            + referencing.size()
            + " EcrRepositories ("
            + String.join(", ", referencing.subList(0, Math.min(NAMED_USERS, referencing.size())))
            + (referencing.size() > NAMED_USERS ? ", ..." : "")
            + "); it is deleted once none references it. Change their spec.lifecyclePolicyRef"
            + " first";
    EcrLifecyclePolicyStatus status = status(policy, context);
    if (!message.equals(readyMessage(policy))) {
      LOG.warn("EcrLifecyclePolicy {}: {}", name, message);
      events.warning(policy, Reasons.DELETION_BLOCKED, message);
    }
    status.setConditions(
        conditions(policy, status, false, true, Reasons.IN_USE, message, clock.instant()));
    statusWriter.write(policy, context, status);
    return DeleteControl.noFinalizerRemoval();
  }

  private EcrLifecyclePolicyStatus status(
      EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    String name = policy.getMetadata().getName();
    EcrLifecyclePolicyStatus status = new EcrLifecyclePolicyStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    String digest;
    try {
      digest = DesiredState.sharedCanonical(policy).digest();
    } catch (UnresolvedPolicyException e) {
      status.setConditions(
          conditions(
              policy, status, false, true, Reasons.INVALID_SPEC, e.getMessage(), clock.instant()));
      return status;
    }
    status.setDigest(digest);
    status.setVersion(AppliedLifecyclePolicy.versionOf(digest));
    List<EcrRepository> users = SharedPolicies.users(repositories(context), name);
    long inSync =
        users.stream()
            .filter(StatusFactory::isReady)
            .filter(r -> digest.equals(r.getStatus().getLifecyclePolicy().getDigest()))
            .count();
    status.setRepositories((long) users.size());
    status.setRepositoriesInSync(inSync);
    List<String> otherDefaults =
        policy.isDefault()
            ? context
                .getPrimaryCache()
                .list(p -> p.isDefault() && p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getMetadata().getName())
                .filter(n -> !n.equals(name))
                .sorted()
                .toList()
            : List.of();
    if (!otherDefaults.isEmpty()) {
      String message =
          "annotated as the default, like "
              + otherDefaults
              + "; no default applies while several are. Keep the annotation "
              + EcrLifecyclePolicy.DEFAULT_ANNOTATION
              + " on one";
      status.setConditions(
          conditions(
              policy,
              status,
              false,
              true,
              Reasons.DEFAULT_POLICY_CONFLICT,
              message,
              clock.instant()));
      return status;
    }
    String message =
        "version "
            + status.getVersion()
            + (policy.isDefault() ? " (the cluster default)" : "")
            + "; "
            + inSync
            + " of "
            + users.size()
            + " repositories using it carry this version";
    status.setConditions(
        conditions(policy, status, true, false, Reasons.SYNCED, message, clock.instant()));
    return status;
  }

  private static List<Condition> conditions(
      EcrLifecyclePolicy policy,
      EcrLifecyclePolicyStatus status,
      boolean ready,
      boolean stalled,
      String reason,
      String message,
      Instant now) {
    var previous = policy.getStatus() == null ? null : policy.getStatus().getConditions();
    return Conditions.kstatus(
        previous, ready, stalled, false, reason, message, status.getObservedGeneration(), now);
  }

  private static String readyMessage(EcrLifecyclePolicy policy) {
    var status = policy.getStatus();
    var ready = status == null ? null : Conditions.find(status.getConditions(), Conditions.READY);
    return ready == null ? null : ready.getMessage();
  }

  private static List<EcrRepository> repositories(Context<EcrLifecyclePolicy> context) {
    var source =
        context.eventSourceRetriever().getEventSourceFor(EcrRepository.class, REPOSITORIES);
    if (source instanceof InformerEventSource<EcrRepository, EcrLifecyclePolicy> informer) {
      return informer.list().toList();
    }
    return List.of();
  }

  private static Set<ResourceID> policiesOf(EcrRepository repository) {
    Set<ResourceID> ids = new HashSet<>();
    var spec = repository.getSpec();
    if (spec != null && spec.getLifecyclePolicyRef() != null) {
      ids.add(new ResourceID(spec.getLifecyclePolicyRef().getName()));
    }
    var status = repository.getStatus();
    if (status != null
        && status.getLifecyclePolicy() != null
        && status.getLifecyclePolicy().getName() != null) {
      ids.add(new ResourceID(status.getLifecyclePolicy().getName()));
    }
    return ids;
  }
}
