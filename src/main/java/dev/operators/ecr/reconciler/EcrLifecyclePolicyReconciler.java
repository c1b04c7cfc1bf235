package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicyStatus;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.RepositorySummaryStore;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.status.PolicyStatusFactory;
import dev.operators.ecr.status.SettingStatusFactory;
import dev.operators.ecr.status.StatusFactory;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on each shared EcrLifecyclePolicy: whether it is valid, its version, how many
 * repositories use it and how many carry its current version; and keeps one that repositories or
 * creation templates reference from being deleted under them.
 */
@ControllerConfiguration(name = EcrLifecyclePolicyReconciler.NAME)
public class EcrLifecyclePolicyReconciler
    implements Reconciler<EcrLifecyclePolicy>, Cleaner<EcrLifecyclePolicy> {
  public static final String NAME = "ecrlifecyclepolicy";
  private static final Logger LOG = LoggerFactory.getLogger(EcrLifecyclePolicyReconciler.class);
  private static final String REPOSITORIES = "repositories";
  private static final String DEFAULTS = "default-policies";
  private static final String TEMPLATES = "creation-templates";
  private static final int NAMED_USERS = 10;

  private final ReconcilerSettings settings;
  private final RepositoryEvents events;
  private final StatusWriter statusWriter;
  private final Clock clock;

  public EcrLifecyclePolicyReconciler(
      ReconcilerSettings settings,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
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
    // A creation template that names a policy keeps it from being deleted, as a repository does.
    var templates =
        InformerEventSourceConfiguration.from(
                EcrRepositoryCreationTemplate.class, EcrLifecyclePolicy.class)
            .withName(TEMPLATES)
            .withItemStore(new TrimmedStore<>())
            .withInformerListLimit(Informers.LIST_PAGE)
            .withSecondaryToPrimaryMapper(EcrLifecyclePolicyReconciler::policiesOf);
    return List.of(
        new InformerEventSource<>(repositories.build(), context),
        new InformerEventSource<>(defaults.build(), context),
        new InformerEventSource<>(templates.build(), context));
  }

  @Override
  public UpdateControl<EcrLifecyclePolicy> reconcile(
      EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    statusWriter.write(policy, context, status(policy, context));
    return UpdateControl.noUpdate();
  }

  // Repositories and creation templates that name the policy keep it: deleting it would leave
  // them unresolved. Repositories that only got it as the default let it go, and the default is
  // retracted from them.
  @Override
  public DeleteControl cleanup(EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    String name = policy.getMetadata().getName();
    List<String> referencing =
        repositories(context).stream()
            .filter(r -> SharedPolicies.references(r, name))
            .map(ResourceId::of)
            .toList();
    List<String> templates =
        templates(context).stream()
            .filter(t -> EcrRepositoryCreationTemplateReconciler.references(t, name))
            .map(t -> t.getMetadata().getName())
            .sorted()
            .toList();
    if (referencing.isEmpty() && templates.isEmpty()) {
      LOG.info("EcrLifecyclePolicy {}: deleted", name);
      return DeleteControl.defaultDelete();
    }
    List<String> users = new ArrayList<>();
    if (!referencing.isEmpty()) {
      users.add(named(referencing, "EcrRepositories"));
    }
    if (!templates.isEmpty()) {
      users.add(named(templates, "EcrRepositoryCreationTemplates"));
    }
    String message =
        "EcrLifecyclePolicy "
            + name
            + " is still referenced by "
            + String.join(" and ", users)
            + "; it is deleted once none references it. Change their spec.lifecyclePolicyRef"
            + " first";
    var conditions = policy.getStatus() == null ? null : policy.getStatus().getConditions();
    if (events.stalled(policy, conditions, Reasons.IN_USE, Reasons.DELETION_BLOCKED, message)) {
      LOG.warn("EcrLifecyclePolicy {}: {}", name, message);
    }
    EcrLifecyclePolicyStatus status =
        PolicyStatusFactory.inUse(policy, status(policy, context), message, clock.instant());
    statusWriter.write(policy, context, status);
    return DeleteControl.noFinalizerRemoval();
  }

  private EcrLifecyclePolicyStatus status(
      EcrLifecyclePolicy policy, Context<EcrLifecyclePolicy> context) {
    String name = policy.getMetadata().getName();
    String digest;
    try {
      digest = DesiredState.sharedCanonical(policy).digest();
    } catch (StalledException e) {
      return PolicyStatusFactory.invalid(policy, e.getMessage(), clock.instant());
    }
    List<EcrRepository> users = SharedPolicies.users(repositories(context), name);
    long inSync =
        users.stream()
            .filter(StatusFactory::isReady)
            .filter(r -> digest.equals(r.getStatus().getLifecyclePolicy().getDigest()))
            .count();
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
    List<EcrRepositoryCreationTemplate> templates =
        templates(context).stream()
            .filter(t -> EcrRepositoryCreationTemplateReconciler.references(t, name))
            .toList();
    long templatesInSync =
        templates.stream()
            .filter(SettingStatusFactory::isReady)
            .filter(
                t ->
                    t.getStatus().getLifecyclePolicy() != null
                        && digest.equals(t.getStatus().getLifecyclePolicy().getDigest()))
            .count();
    return PolicyStatusFactory.valid(
        policy,
        digest,
        users.size(),
        inSync,
        new PolicyStatusFactory.Users(templates.size(), templatesInSync),
        otherDefaults,
        clock.instant());
  }

  // "2 EcrRepositories (a/x, b/y)", naming at most NAMED_USERS.
  private static String named(List<String> users, String kinds) {
    return users.size()
        + " "
        + kinds
        + " ("
        + String.join(", ", users.subList(0, Math.min(NAMED_USERS, users.size())))
        + (users.size() > NAMED_USERS ? ", ..." : "")
        + ")";
  }

  private static List<EcrRepositoryCreationTemplate> templates(
      Context<EcrLifecyclePolicy> context) {
    var source =
        context
            .eventSourceRetriever()
            .getEventSourceFor(EcrRepositoryCreationTemplate.class, TEMPLATES);
    if (source
        instanceof
        InformerEventSource<EcrRepositoryCreationTemplate, EcrLifecyclePolicy> informer) {
      return informer.list().toList();
    }
    return List.of();
  }

  // The policy a template names, and the one it last applied from a reference: a template that
  // names another policy releases the one it used.
  private static Set<ResourceID> policiesOf(EcrRepositoryCreationTemplate template) {
    Set<ResourceID> ids = new HashSet<>();
    var spec = template.getSpec();
    if (spec != null && spec.getLifecyclePolicyRef() != null) {
      ids.add(new ResourceID(spec.getLifecyclePolicyRef().getName()));
    }
    var status = template.getStatus();
    if (status != null
        && status.getLifecyclePolicy() != null
        && status.getLifecyclePolicy().getName() != null) {
      ids.add(new ResourceID(status.getLifecyclePolicy().getName()));
    }
    return ids;
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
