package dev.operators.ecr.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** How the operator names a resource in its logs and messages: {@code namespace/name}. */
final class ResourceId {
  private ResourceId() {}

  static String of(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
