package dev.operators.ecr.reconciler.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.function.Supplier;

/**
 * An informer cache that keeps of each object only what identifies it and its labels: for objects
 * (namespaces) read only to match label selectors.
 */
public final class LabelsOnlyStore<R extends HasMetadata> extends TransformingStore<R> {

  /**
   * @param empty a new, empty object of the kind
   */
  public LabelsOnlyStore(Supplier<R> empty) {
    super(resource -> labelsOnly(resource, empty.get()));
  }

  static <R extends HasMetadata> R labelsOnly(R resource, R kept) {
    ObjectMeta from = resource.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(from.getName());
    meta.setNamespace(from.getNamespace());
    meta.setUid(from.getUid());
    meta.setResourceVersion(from.getResourceVersion());
    meta.setLabels(from.getLabels());
    kept.setMetadata(meta);
    return kept;
  }
}
