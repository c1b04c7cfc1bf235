package dev.operators.ecr.runtime;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.reconciler.EcrLifecyclePolicyReconciler;
import dev.operators.ecr.reconciler.EcrRepositoryReconciler;
import dev.operators.ecr.reconciler.LifecyclePreviews;
import dev.operators.ecr.reconciler.RepositoryDeletion;
import dev.operators.ecr.reconciler.RepositoryEvents;
import dev.operators.ecr.reconciler.RepositorySync;
import dev.operators.ecr.reconciler.StatusWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator wired together: JOSDK, the EcrRepository reconciler and its collaborators. The
 * {@code run} command, the sandbox and the tests all start it through here.
 */
public final class EcrOperator implements AutoCloseable {

  // Transient ECR failures are retried without limit, backing off to this interval at most.
  static final Duration RETRY_INITIAL = Duration.ofSeconds(1);
  static final Duration RETRY_MAX = Duration.ofMinutes(5);

  private final Operator operator;

  private EcrOperator(Operator operator) {
    this.operator = operator;
  }

  /** Registers the controllers and starts them; returns once the informers are synced. */
  public static EcrOperator start(
      KubernetesClient client, EcrPort ecr, OperatorSettings settings, Clock clock) {
    // Server-side apply is off for the primary resource, so that what runs in production is what
    // the tests run against the fabric8 mock API server (which answers SSA with 415).
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(settings.reconcileThreads()));
    RepositoryEvents events = new RepositoryEvents(client, clock);
    StatusWriter statusWriter = new StatusWriter();
    var reconciler =
        new EcrRepositoryReconciler(
            settings,
            new RepositorySync(ecr, new LifecyclePreviews(ecr, settings)),
            new RepositoryDeletion(ecr),
            events,
            statusWriter,
            clock);
    operator.register(
        reconciler,
        o -> {
          o.withReconciliationMaxInterval(settings.resyncPeriod());
          o.withRetry(
              new GenericRetry()
                  .setInitialInterval(RETRY_INITIAL.toMillis())
                  .setIntervalMultiplier(2.0)
                  .setMaxInterval(RETRY_MAX.toMillis())
                  .withoutMaxAttempts());
          if (!settings.namespaces().isEmpty()) {
            o.settingNamespaces(settings.namespaces());
          }
        });
    // Counting a policy's users reads every repository: at most one recount per policy per
    // second, however fast the repositories converge.
    operator.register(
        new EcrLifecyclePolicyReconciler(settings, events, statusWriter, clock),
        o -> {
          o.withReconciliationMaxInterval(settings.resyncPeriod());
          o.withRateLimiter(new LinearRateLimiter(Duration.ofSeconds(1), 1));
        });
    operator.start();
    return new EcrOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
