package dev.operators.ecr.desired;

import java.util.Map;

/**
 * A resource as EcrAccess selection sees it.
 *
 * @param namespace its namespace; null for a registry-level (cluster-scoped) resource
 * @param labels its labels
 * @param namespaceLabels the labels of its namespace (empty when unknown or cluster-scoped)
 */
public record AccessTarget(
    String namespace, Map<String, String> labels, Map<String, String> namespaceLabels) {

  public AccessTarget {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
  }

  /** A registry-level resource: EcrRegistry, EcrPullThroughCacheRule, a creation template. */
  public static AccessTarget clusterScoped(Map<String, String> labels) {
    return new AccessTarget(null, labels, Map.of());
  }

  public boolean namespaced() {
    return namespace != null;
  }

  /** For messages: where it is and what it carries. */
  public String describe() {
    return namespaced()
        ? "namespace "
            + namespace
            + " (labels "
            + labels(namespaceLabels)
            + "), resource labels "
            + labels(labels)
        : "a registry-level resource with labels " + labels(labels);
  }

  private static String labels(Map<String, String> labels) {
    return new java.util.TreeMap<>(labels).toString();
  }
}
