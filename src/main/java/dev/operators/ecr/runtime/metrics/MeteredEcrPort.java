package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrOperation;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.runtime.health.EcrHealth;
import java.util.function.Supplier;

/**
 * The ECR port, counting each call by operation and outcome and telling {@link EcrHealth} how it
 * went. One port call is one count: a ListImages that reads several pages, a DescribeRepositories
 * of several names, or a call the AWS SDK retried, counts once.
 */
public final class MeteredEcrPort extends EcrPort.Forwarding {
  private final OperatorMetrics metrics;
  private final EcrHealth health;

  /**
   * @param health told of each call's outcome; null when the calls say nothing of the operator's
   *     own readiness (those made as an assumed role)
   */
  public MeteredEcrPort(EcrPort delegate, OperatorMetrics metrics, EcrHealth health) {
    super(delegate);
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (EcrException e) {
      metrics.ecrCall(operation.apiName(), e.kind().name());
      if (health != null) {
        health.failed(region, e);
      }
      throw e;
    } catch (RuntimeException e) {
      // Not an ECR answer (the port failed on its own): counted, but it says nothing about ECR.
      metrics.ecrCall(operation.apiName(), EcrErrorKind.UNKNOWN.name());
      throw e;
    }
    metrics.ecrCall(operation.apiName(), OperatorMetrics.OK);
    if (health != null) {
      health.answered(region);
    }
    return result;
  }
}
