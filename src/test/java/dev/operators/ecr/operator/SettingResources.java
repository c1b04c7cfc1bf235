package dev.operators.ecr.operator;

import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Waits on the cluster-scoped registry-level resources (pull-through cache rules...). */
final class SettingResources {
  private SettingResources() {}

  /** Waits until the resource satisfies {@code condition}; returns it as it then was. */
  static <R extends CustomResource<?, ? extends SettingStatus>> R await(
      KubernetesClient client, Class<R> type, String name, Predicate<R> condition) {
    @SuppressWarnings("unchecked")
    R[] seen = (R[]) new CustomResource<?, ?>[1];
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () -> {
              R current = client.resources(type).withName(name).get();
              seen[0] = current;
              return current != null && condition.test(current);
            });
    return seen[0];
  }

  /** The condition has that status (and reason, unless null) at the current generation. */
  static boolean isCondition(
      CustomResource<?, ? extends SettingStatus> r, String type, String status, String reason) {
    if (r.getStatus() == null
        || !r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), type);
    return c != null
        && status.equals(c.getStatus())
        && (reason == null || reason.equals(c.getReason()))
        && r.getMetadata().getGeneration().equals(c.getObservedGeneration());
  }

  static boolean isReady(CustomResource<?, ? extends SettingStatus> r) {
    return isCondition(r, Conditions.READY, "True", null);
  }

  static Condition condition(CustomResource<?, ? extends SettingStatus> r, String type) {
    return Conditions.find(r.getStatus().getConditions(), type);
  }

  /** The Events about a cluster-scoped resource, which live in the default namespace. */
  static List<Event> events(KubernetesClient client, String name) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static void awaitGone(
      KubernetesClient client, Class<? extends CustomResource<?, ?>> type, String name) {
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> client.resources(type).withName(name).get() == null);
  }
}
