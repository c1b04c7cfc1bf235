package dev.operators.ecr.desired;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The owner tag that binds an ECR repository to one EcrRepository resource in one cluster.
 *
 * @param value {@code <cluster>/<namespace>/<name>}
 */
public record Owner(String value) {

  /** Tag key on every repository the operator manages. */
  public static final String TAG_KEY = "ecr.operators.dev/owner";

  public static Owner of(String cluster, String namespace, String name) {
    return new Owner(cluster + "/" + namespace + "/" + name);
  }

  /** The owner of the repositories {@code resource} manages for this cluster. */
  public static Owner of(String cluster, HasMetadata resource) {
    return of(cluster, resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /** The owner recorded in a repository's tags, or null when it has none. */
  public static Owner fromTags(Map<String, String> tags) {
    String value = tags.get(TAG_KEY);
    return value == null ? null : new Owner(value);
  }

  public Map<String, String> asTags() {
    return Map.of(TAG_KEY, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
