package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.reconciler.StatusWriter;
import dev.operators.ecr.status.StatusFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The reconciler's status writer, counting the drift corrections each written status adds: a
 * correction is counted once, by the process that made it, when the status recording it is stored.
 */
public final class DriftCountingStatusWriter extends StatusWriter {
  private final OperatorMetrics metrics;

  public DriftCountingStatusWriter(OperatorMetrics metrics, boolean serverSideApply) {
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
    return written;
  }
}
