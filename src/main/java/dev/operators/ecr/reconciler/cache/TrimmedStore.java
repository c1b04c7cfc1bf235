package dev.operators.ecr.reconciler.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An informer cache that keeps each resource without what the operator never reads and a real API
 * server attaches to objects: {@code metadata.managedFields} and kubectl's
 * last-applied-configuration annotation (a second copy of the spec). Writes stay correct: the
 * finalizer patch is computed between two cached copies, and on a status update the API server
 * keeps the stored metadata.
 */
public final class TrimmedStore<R extends HasMetadata> extends TransformingStore<R> {
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public TrimmedStore() {
    super(TrimmedStore::trimmed);
  }

  /** The same object (the informer hands over its own copy), without the two fields. */
  static <R extends HasMetadata> R trimmed(R resource) {
    resource.getMetadata().setManagedFields(null);
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      resource.getMetadata().setAnnotations(kept);
    }
    return resource;
  }
}
