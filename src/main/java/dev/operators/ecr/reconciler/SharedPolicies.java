package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Connects EcrRepositories to the shared EcrLifecyclePolicies they use: an informer on the policies
 * whose events reach exactly the repositories concerned (fan-out), and the catalog the desired
 * state is resolved against.
 */
public final class SharedPolicies {
  static final String INDEX = "lifecycle-policy";
  private static final String REFERENCES = "ref:";
  private static final String FROM_DEFAULT = "from-default:";
  private static final String DEFAULT_CANDIDATE = "default-candidate";
  private static final String WAITING = "waiting-for-a-policy";
  private static final Set<String> WAITING_REASONS =
      Set.of(Reasons.POLICY_NOT_FOUND, Reasons.POLICY_INVALID, Reasons.DEFAULT_POLICY_CONFLICT);

  /** Registers the index on the repositories and returns the policies' event source. */
  public InformerEventSource<EcrLifecyclePolicy, EcrRepository> eventSource(
      EventSourceContext<EcrRepository> context) {
    IndexedResourceCache<EcrRepository> repositories = context.getPrimaryCache();
    context.getPrimaryCache().addIndexer(INDEX, SharedPolicies::indexKeys);
    var configuration =
        InformerEventSourceConfiguration.from(EcrLifecyclePolicy.class, EcrRepository.class)
            .withSecondaryToPrimaryMapper(policy -> concerned(repositories, policy))
            // Only what changes the policy a repository gets: not the policy's own status.
            .withOnUpdateFilter(SharedPolicies::meaningful)
            .withItemStore(new TrimmedStore<>())
            .withInformerListLimit(Informers.LIST_PAGE)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  static boolean meaningful(EcrLifecyclePolicy now, EcrLifecyclePolicy before) {
    return !java.util.Objects.equals(
            now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || now.isDefault() != before.isDefault()
        || !java.util.Objects.equals(
            now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp());
  }

  /** Every shared policy the operator knows now. */
  public PolicyCatalog catalog(Context<EcrRepository> context) {
    var source = context.eventSourceRetriever().getEventSourceFor(EcrLifecyclePolicy.class);
    if (source instanceof InformerEventSource<EcrLifecyclePolicy, EcrRepository> informer) {
      return PolicyCatalog.of(informer.list().toList());
    }
    return PolicyCatalog.EMPTY;
  }

  // A policy event concerns the repositories that reference it, carry it as the default, could
  // take it as the default, or are waiting for a policy to appear or be fixed.
  static Set<ResourceID> concerned(
      IndexedResourceCache<EcrRepository> repositories, EcrLifecyclePolicy policy) {
    String name = policy.getMetadata().getName();
    List<String> keys = new ArrayList<>(List.of(REFERENCES + name, FROM_DEFAULT + name, WAITING));
    if (policy.isDefault()) {
      keys.add(DEFAULT_CANDIDATE);
    }
    Set<ResourceID> ids = new HashSet<>();
    for (String key : keys) {
      repositories.byIndex(INDEX, key).forEach(r -> ids.add(ResourceID.fromResource(r)));
    }
    return ids;
  }

  static List<String> indexKeys(EcrRepository repository) {
    List<String> keys = new ArrayList<>();
    EcrRepositorySpec spec = repository.getSpec();
    if (spec != null && spec.getLifecyclePolicyRef() != null) {
      keys.add(REFERENCES + spec.getLifecyclePolicyRef().getName());
    } else if (spec == null
        || spec.getLifecyclePolicy() == null && spec.getLifecyclePolicyText() == null) {
      keys.add(DEFAULT_CANDIDATE);
    }
    var status = repository.getStatus();
    if (status != null) {
      AppliedLifecyclePolicy applied = status.getLifecyclePolicy();
      if (applied != null && DesiredPolicy.DEFAULT.equals(applied.getSource())) {
        keys.add(FROM_DEFAULT + applied.getName());
      }
      Condition ready = Conditions.find(status.getConditions(), Conditions.READY);
      if (ready != null && WAITING_REASONS.contains(ready.getReason())) {
        keys.add(WAITING);
      }
    }
    return keys;
  }

  /** The EcrRepositories that use {@code policyName}, by reference or as the default. */
  public static List<EcrRepository> users(List<EcrRepository> repositories, String policyName) {
    return repositories.stream()
        .filter(r -> uses(r, policyName))
        .sorted(Comparator.comparing(ResourceId::of))
        .collect(Collectors.toList());
  }

  /** Whether the repository names the policy in its spec. */
  public static boolean references(EcrRepository repository, String policyName) {
    var spec = repository.getSpec();
    return spec != null
        && spec.getLifecyclePolicyRef() != null
        && policyName.equals(spec.getLifecyclePolicyRef().getName());
  }

  private static boolean uses(EcrRepository repository, String policyName) {
    if (references(repository, policyName)) {
      return true;
    }
    var status = repository.getStatus();
    AppliedLifecyclePolicy applied = status == null ? null : status.getLifecyclePolicy();
    return applied != null
        && DesiredPolicy.DEFAULT.equals(applied.getSource())
        && policyName.equals(applied.getName());
  }
}
