package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * Every metric one operator process exposes, in one Prometheus registry: JOSDK's reconcile metrics,
 * ECR calls, drift corrections, resources by Ready state, leadership, and the JVM's own.
 */
public final class OperatorMetrics implements AutoCloseable {
  /** {@code ecr_operator_ecr_calls_total{operation, outcome}}. */
  public static final String ECR_CALLS = "ecr.operator.ecr.calls";

  /** {@code ecr_operator_drift_corrections_total{field}}. */
  public static final String DRIFT_CORRECTIONS = "ecr.operator.drift.corrections";

  /** {@code ecr_operator_resources{ready}}: EcrRepository resources in the cache, by Ready. */
  public static final String RESOURCES = "ecr.operator.resources";

  /** {@code ecr_operator_leader}: 1 while this process may reconcile. */
  public static final String LEADER = "ecr.operator.leader";

  /** {@code ecr_operator_images_in_use}: distinct ECR image references the cluster uses. */
  public static final String IMAGES_IN_USE = "ecr.operator.images.in.use";

  /** The outcome of a call that succeeded; failures carry their {@code EcrErrorKind}. */
  public static final String OK = "ok";

  /** The Ready condition's possible states; a resource with no condition yet counts as Unknown. */
  static final List<String> READY_STATES = List.of("True", "False", "Unknown");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /**
   * JOSDK's bridge, without per-resource labels: their cardinality grows with the number of
   * resources, and the status and the log already tell about each one.
   */
  public Metrics reconcileMetrics() {
    return MicrometerMetrics.newMicrometerMetricsBuilder(registry)
        .notCollectingMetricsPerResource()
        .build();
  }

  /** Counts one ECR call; {@code outcome} is {@link #OK} or an error kind. */
  public void ecrCall(String operation, String outcome) {
    Counter.builder(ECR_CALLS)
        .description("ECR API calls made by the operator, by operation and outcome")
        .tag("operation", operation)
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** Counts one field restored in ECR after it was changed behind the operator's back. */
  public void driftCorrected(String field) {
    Counter.builder(DRIFT_CORRECTIONS)
        .description("Fields restored in ECR after a change made behind the operator's back")
        .tag("field", field)
        .register(registry)
        .increment();
  }

  /**
   * Gauges the resources the cache holds, by the status of their Ready condition ({@link #ready}):
   * {@code cached} counts those in one state.
   */
  public void countResourcesByReady(ToLongFunction<String> cached) {
    for (String state : READY_STATES) {
      Gauge.builder(RESOURCES, () -> cached.applyAsLong(state))
          .description("EcrRepository resources known to this process, by their Ready condition")
          .tag("ready", state)
          .register(registry);
    }
  }

  /** Gauges whether this process leads (always 1 without leader election). */
  public void gaugeLeadership(BooleanSupplier leading) {
    Gauge.builder(LEADER, () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 while this process holds the leader lease and reconciles, else 0")
        .register(registry);
  }

  /** Gauges the distinct ECR image references (by tag or by digest) the cluster's workloads use. */
  public void gaugeImagesInUse(IntSupplier images) {
    Gauge.builder(IMAGES_IN_USE, images::getAsInt)
        .description("Distinct ECR image references used by the cluster's pods and workloads")
        .register(registry);
  }

  /** The state of a resource's Ready condition: True, False or Unknown. */
  public static String ready(EcrRepository resource) {
    if (resource.getStatus() == null) {
      return "Unknown";
    }
    Condition ready = Conditions.find(resource.getStatus().getConditions(), Conditions.READY);
    if (ready == null) {
      return "Unknown";
    }
    // One of the constants, not the status's own copy: a cache keeps this for every resource.
    String status = ready.getStatus();
    return READY_STATES.stream().filter(s -> s.equals(status)).findFirst().orElse("Unknown");
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Everything, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
