package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.reconciler.StatusWriter;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * The reconciler's status writer, counting the drift corrections each written status adds: a
 * correction is counted once, by the process that made it, when the status recording it is stored.
 */
public final class DriftCountingStatusWriter extends StatusWriter {
  /** The field label when a status counts corrections without naming as many fields. */
  static final String UNNAMED_FIELD = "unknown";

  private final OperatorMetrics metrics;

  public DriftCountingStatusWriter(OperatorMetrics metrics, boolean serverSideApply) {
    super(serverSideApply);
    this.metrics = metrics;
  }

  @Override
  public <S, R extends CustomResource<?, S>> R write(R resource, Context<R> context, S status) {
    // Read before writing: the write may set the new status on this very object.
    long added =
        status instanceof EcrRepositoryStatus repository
            ? corrections(repository) - corrections((EcrRepositoryStatus) resource.getStatus())
            : 0;
    R written = super.write(resource, context, status);
    // An equal status is not written, and then adds nothing.
    if (added > 0) {
      DriftCorrection last = ((EcrRepositoryStatus) status).getLastDriftCorrection();
      List<String> fields = last == null || last.getFields() == null ? List.of() : last.getFields();
      if (fields.size() == added) {
        fields.forEach(metrics::driftCorrected);
      } else {
        for (long i = 0; i < added; i++) {
          metrics.driftCorrected(UNNAMED_FIELD);
        }
      }
    }
    return written;
  }

  private static long corrections(EcrRepositoryStatus status) {
    return status == null || status.getDriftCorrections() == null
        ? 0
        : status.getDriftCorrections();
  }
}
