package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.reconciler.StatusWriter;
import dev.operators.ecr.status.StatusFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The reconciler's status writer, metering what each status says: the drift corrections it adds
 * (counted once, by the process that made them, when the status recording them is stored), and a
 * repository's images and bytes, given at every pass whether or not the status changed.
 */
public final class MeteredStatusWriter extends StatusWriter {
  private final OperatorMetrics metrics;

  public MeteredStatusWriter(OperatorMetrics metrics, boolean serverSideApply) {
    super(serverSideApply);
    this.metrics = metrics;
  }

  @Override
  public <S, R extends CustomResource<?, S>> R write(R resource, Context<R> context, S status) {
    // Read before writing: the write may set the new status on this very object.
    List<String> corrected =
        status instanceof EcrRepositoryStatus repository
            ? StatusFactory.correctionsAdded((EcrRepositoryStatus) resource.getStatus(), repository)
            : List.of();
    R written = super.write(resource, context, status);
    // An equal status is not written, and then adds nothing.
    corrected.forEach(metrics::driftCorrected);
    if (status instanceof EcrRepositoryStatus repository) {
      metrics.repositoryStatus(
          Cache.metaNamespaceKeyFunc(resource),
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          repository);
    }
    return written;
  }
}
