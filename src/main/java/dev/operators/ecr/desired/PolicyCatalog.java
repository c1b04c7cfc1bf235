package dev.operators.ecr.desired;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The shared EcrLifecyclePolicies a repository may use, as the operator currently knows them. */
public final class PolicyCatalog {
  public static final PolicyCatalog EMPTY = new PolicyCatalog(List.of());

  private final Map<String, EcrLifecyclePolicy> byName;

  private PolicyCatalog(Collection<EcrLifecyclePolicy> policies) {
    this.byName =
        policies.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }

  public static PolicyCatalog of(Collection<EcrLifecyclePolicy> policies) {
    return new PolicyCatalog(policies);
  }

  public Optional<EcrLifecyclePolicy> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The policies annotated as the default, by name. One being deleted no longer counts: deleting
   * the default retracts it.
   */
  public List<EcrLifecyclePolicy> defaults() {
    return byName.values().stream()
        .filter(EcrLifecyclePolicy::isDefault)
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .toList();
  }
}
