package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AccessStatus;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.AccessChoice;
import dev.operators.ecr.desired.AccessTarget;
import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.LabelsOnlyStore;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which AWS identity acts for each resource of one controller: informers on the EcrAccesses and
 * (for namespaced resources) the namespaces' labels, whose changes re-trigger the resources they
 * may concern, and the choice made from those caches at each pass (docs/design.md, "Which AWS
 * identity acts").
 *
 * @param <R> the controller's resource
 */
public final class AccessSelection<R extends HasMetadata> {
  /** The reasons of a resource that waits for an EcrAccess to appear, change or go. */
  static final Set<String> WAITING_REASONS =
      Set.of(
          Reasons.NO_ACCESS,
          Reasons.AMBIGUOUS_ACCESS,
          Reasons.INVALID_ACCESS,
          Reasons.ACCOUNT_CHANGED);

  private final AmbientCredentials ambient;
  private final boolean namespaced;
  private final Function<R, AccessStatus> recorded;
  private final Function<R, List<Condition>> conditions;
  // Set when the controller starts (prepareEventSources), before any reconcile.
  private volatile InformerEventSource<EcrAccess, R> accesses;
  private volatile InformerEventSource<Namespace, R> namespaces;

  /**
   * The namespaces a pass looked for before their informer had them. Only their ADD re-triggers the
   * namespace's resources: every other namespace's labels were in the cache when its resources'
   * passes read them. Above all, the ADDs of the informer's initial list re-trigger nothing: every
   * resource gets its pass at the start anyway, from caches already filled, and those ADDs,
   * arriving while the first passes run, cost each resource whose pass was under way a second pass
   * and a second read of ECR (docs/benchmarks.md, "Benchmark figures").
   */
  private final Set<String> awaitedNamespaces = ConcurrentHashMap.newKeySet();

  /**
   * @param ambient whether a resource no EcrAccess serves is handled with the operator's own
   *     credentials
   * @param namespaced whether the resources are namespaced (EcrRepository) or registry-level
   * @param recorded the access a resource's status records
   * @param conditions a resource's status conditions
   */
  public AccessSelection(
      AmbientCredentials ambient,
      boolean namespaced,
      Function<R, AccessStatus> recorded,
      Function<R, List<Condition>> conditions) {
    this.ambient = ambient;
    this.namespaced = namespaced;
    this.recorded = recorded;
    this.conditions = conditions;
  }

  /** Every EcrAccess known, as resource IDs: those that may serve any resource. */
  private Set<ResourceID> allAccesses() {
    InformerEventSource<EcrAccess, R> source = accesses;
    return source == null
        ? Set.of()
        : source.list().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /**
   * The informers. An EcrAccess created, changed or deleted re-triggers the resources it serves or
   * may serve, those whose status records it, and those waiting for an access; a namespace whose
   * labels changed, or one added that a pass looked for in vain, the resources of that namespace.
   */
  public List<EventSource<?, R>> eventSources(EventSourceContext<R> context) {
    var primaries = context.getPrimaryCache();
    accesses =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    EcrAccess.class, context.getPrimaryResourceClass())
                // Cluster-scoped: one informer on all of them, whatever namespaces the controller
                // watches (inherited, JOSDK runs one per namespace, each listing them all).
                .withWatchAllNamespaces()
                .withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(
                    access ->
                        primaries.list().map(ResourceID::fromResource).collect(Collectors.toSet()))
                // Given, so that JOSDK keeps no index from each resource to its accesses: a set per
                // resource, rebuilt for all of them at every EcrAccess event, that nothing reads.
                .withPrimaryToSecondaryMapper(primary -> allAccesses())
                .withOnUpdateFilter(
                    (fresh, old) ->
                        !Objects.equals(
                            fresh.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
                .withItemStore(new TrimmedStore<>())
                .withInformerListLimit(Informers.LIST_PAGE)
                .build(),
            context);
    List<EventSource<?, R>> sources = new ArrayList<>(List.of(accesses));
    if (namespaced) {
      namespaces =
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(
                      Namespace.class, context.getPrimaryResourceClass())
                  .withWatchAllNamespaces()
                  .withFollowControllerNamespacesChanges(false)
                  .withSecondaryToPrimaryMapper(
                      namespace ->
                          primaries
                              .list(namespace.getMetadata().getName())
                              .map(ResourceID::fromResource)
                              .collect(Collectors.toSet()))
                  // As for the accesses: no index kept per resource.
                  .withPrimaryToSecondaryMapper(
                      primary -> Set.of(new ResourceID(primary.getMetadata().getNamespace())))
                  .withOnAddFilter(
                      namespace -> awaitedNamespaces.remove(namespace.getMetadata().getName()))
                  .withOnUpdateFilter(
                      (fresh, old) ->
                          !Objects.equals(
                              fresh.getMetadata().getLabels(), old.getMetadata().getLabels()))
                  .withItemStore(new LabelsOnlyStore<>(Namespace::new))
                  .withInformerListLimit(Informers.LIST_PAGE)
                  .build(),
              context);
      sources.add(namespaces);
    }
    return sources;
  }

  /**
   * The identity that acts for {@code resource} now.
   *
   * @throws StalledException when none may: two EcrAccesses serve it, one that may serve it is
   *     invalid, or none does and the operator may not use its own credentials
   */
  public Acting acting(R resource) {
    AccessTarget target = target(resource);
    AccessChoice choice = AccessChoice.of(target, accesses.list().toList());
    if (choice instanceof AccessChoice.Served served) {
      return new Acting(
          served.access().identity(), served.access().name(), served.access().region());
    }
    if (choice instanceof AccessChoice.Ambiguous ambiguous) {
      throw new StalledException(
          Reasons.AMBIGUOUS_ACCESS,
          "EcrAccesses "
              + ambiguous.names().get(0)
              + " and "
              + ambiguous.names().get(1)
              + " both serve this resource ("
              + target.describe()
              + "); exactly one may: narrow their selectors");
    }
    if (choice instanceof AccessChoice.Invalid invalid) {
      throw new StalledException(
          Reasons.INVALID_ACCESS,
          "EcrAccess "
              + invalid.name()
              + " may serve this resource but its spec is invalid ("
              + invalid.problem()
              + "); nothing is done for the resource until it is fixed");
    }
    if (ambient == AmbientCredentials.ALL) {
      return Acting.AMBIENT;
    }
    throw new StalledException(
        Reasons.NO_ACCESS,
        "no EcrAccess serves this resource ("
            + target.describe()
            + ") and the operator's own credentials are off (--ambient-credentials=none):"
            + " create an EcrAccess that selects it, or change its labels or its namespace's");
  }

  // Whether a change to the access may change what acts for the resource: an access it serves or
  // may serve now, the one its status records (which may have stopped serving it, or be gone), or
  // any when it waits for one.
  private boolean concerns(EcrAccess access, R resource) {
    AccessStatus before = recorded.apply(resource);
    if (before != null && access.getMetadata().getName().equals(before.getName())) {
      return true;
    }
    Condition ready = Conditions.find(conditions.apply(resource), Conditions.READY);
    if (ready != null && WAITING_REASONS.contains(ready.getReason())) {
      return true;
    }
    return AccessChoice.mayServe(access, target(resource));
  }

  private AccessTarget target(R resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    if (!namespaced) {
      return AccessTarget.clusterScoped(labels);
    }
    String namespace = resource.getMetadata().getNamespace();
    return new AccessTarget(namespace, labels, namespaceLabels(namespace));
  }

  private Map<String, String> namespaceLabels(String namespace) {
    ResourceID id = new ResourceID(namespace);
    Optional<Namespace> cached = namespaces.get(id);
    if (cached.isEmpty()) {
      // Recorded before looking again: a namespace added in between is then either found by the
      // second look or let through by the ADD filter, which finds it recorded.
      awaitedNamespaces.add(namespace);
      cached = namespaces.get(id);
    }
    return cached.map(n -> n.getMetadata().getLabels()).orElse(Map.of());
  }
}
