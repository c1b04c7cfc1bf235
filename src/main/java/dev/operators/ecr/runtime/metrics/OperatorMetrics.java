package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.RepositoryStorageStatus;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every metric one operator process exposes, in one Prometheus registry: JOSDK's reconcile metrics,
 * ECR calls, drift corrections, resources by Ready state (and those not Ready by reason and
 * Stalled), each repository's images and bytes, leadership, and the JVM's own.
 */
public final class OperatorMetrics implements AutoCloseable {
  /** {@code ecr_operator_ecr_calls_total{operation, outcome}}. */
  public static final String ECR_CALLS = "ecr.operator.ecr.calls";

  /** {@code ecr_operator_drift_corrections_total{field}}. */
  public static final String DRIFT_CORRECTIONS = "ecr.operator.drift.corrections";

  /** {@code ecr_operator_resources{ready}}: EcrRepository resources in the cache, by Ready. */
  public static final String RESOURCES = "ecr.operator.resources";

  /**
   * {@code ecr_operator_resources_not_ready{reason, stalled}}: those whose Ready is not True, by
   * its reason ({@link ResourceState#REASONS}) and whether they are Stalled; only states some
   * resource is in have a series.
   */
  public static final String RESOURCES_NOT_READY = "ecr.operator.resources.not.ready";

  /**
   * {@code ecr_operator_leader{lease}}: 1 while this process may reconcile; {@code lease} names the
   * Lease it is elected through (empty without leader election), so that shards sharing one scrape
   * job are told apart.
   */
  public static final String LEADER = "ecr.operator.leader";

  /** {@code ecr_operator_images_in_use}: distinct ECR image references the cluster uses. */
  public static final String IMAGES_IN_USE = "ecr.operator.images.in.use";

  /** {@code ecr_operator_repository_images{namespace, name}}: images, both storage classes. */
  public static final String REPOSITORY_IMAGES = "ecr.operator.repository.images";

  /** {@code ecr_operator_repository_bytes{namespace, name}}: their sizes, both storage classes. */
  public static final String REPOSITORY_BYTES = "ecr.operator.repository.bytes";

  /** {@code ecr_operator_repository_expiring_images{namespace, name}}: what the policy expires. */
  public static final String REPOSITORY_EXPIRING_IMAGES = "ecr.operator.repository.expiring.images";

  /** {@code ecr_operator_repository_expiring_bytes{namespace, name}}: what that would free. */
  public static final String REPOSITORY_EXPIRING_BYTES = "ecr.operator.repository.expiring.bytes";

  /**
   * {@code ecr_operator_repository_protected_images{namespace, name}}: images that carry this
   * cluster's protection tag.
   */
  public static final String REPOSITORY_PROTECTED_IMAGES =
      "ecr.operator.repository.protected.images";

  /**
   * {@code ecr_operator_repository_in_use_at_risk_images{namespace, name}}: images in use the
   * policy would expire or archive.
   */
  public static final String REPOSITORY_IN_USE_AT_RISK_IMAGES =
      "ecr.operator.repository.in.use.at.risk.images";

  /** The outcome of a call that succeeded; failures carry their {@code EcrErrorKind}. */
  public static final String OK = "ok";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Each repository's figures by its cache key (namespace/name), as its last status gave them. */
  private final Map<String, RepositoryFigures> repositories = new ConcurrentHashMap<>();

  private final List<RepositoryGauge> repositoryGauges =
      List.of(
          new RepositoryGauge(
              REPOSITORY_IMAGES,
              "Images in the repository, both storage classes, as last read with the preview",
              RepositoryFigures::images),
          new RepositoryGauge(
              REPOSITORY_BYTES,
              "Sum of the repository's image sizes, both storage classes",
              RepositoryFigures::bytes),
          new RepositoryGauge(
              REPOSITORY_EXPIRING_IMAGES,
              "Images the repository's lifecycle policy would expire now (ECR's preview)",
              RepositoryFigures::expiringImages),
          new RepositoryGauge(
              REPOSITORY_EXPIRING_BYTES,
              "Sum of the sizes of the images the lifecycle policy would expire now",
              RepositoryFigures::expiringBytes),
          new RepositoryGauge(
              REPOSITORY_PROTECTED_IMAGES,
              "Images that carry this cluster's protection tag (spec.inUseProtection Protect)",
              RepositoryFigures::protectedImages),
          new RepositoryGauge(
              REPOSITORY_IN_USE_AT_RISK_IMAGES,
              "Images in use the lifecycle policy would expire or archive (the guard, at the"
                  + " last preview)",
              RepositoryFigures::inUseAtRisk));

  private volatile Supplier<Stream<String>> cachedRepositories = Stream::empty;
  private volatile Supplier<Map<String, Long>> cachedStates = Map::of;
  private final MultiGauge notReady;

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    notReady =
        MultiGauge.builder(RESOURCES_NOT_READY)
            .description(
                "EcrRepository resources known to this process whose Ready condition is not True,"
                    + " by its reason and whether they are Stalled")
            .register(registry);
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
   * Gauges the resources the cache holds, by the status of their Ready condition, and those not
   * Ready by reason and Stalled: {@code cached} counts them by {@link ResourceState#keyOf key}.
   */
  public void countResources(Supplier<Map<String, Long>> cached) {
    this.cachedStates = cached;
    for (String ready : ResourceState.READY_STATES) {
      Gauge.builder(
              RESOURCES,
              () ->
                  states(cached.get())
                      .filter(e -> e.getKey().ready().equals(ready))
                      .mapToLong(Map.Entry::getValue)
                      .sum())
          .description("EcrRepository resources known to this process, by their Ready condition")
          .tag("ready", ready)
          .register(registry);
    }
  }

  private static Stream<Map.Entry<ResourceState, Long>> states(Map<String, Long> byKey) {
    return byKey.entrySet().stream()
        .filter(e -> ResourceState.ofKey(e.getKey()) != null)
        .map(e -> Map.entry(ResourceState.ofKey(e.getKey()), e.getValue()));
  }

  // Scrapes may come at once: one refresh at a time.
  private synchronized void refreshNotReady() {
    Map<Tags, Long> rows =
        states(cachedStates.get())
            .filter(e -> !e.getKey().ready().equals("True"))
            .collect(
                Collectors.groupingBy(
                    e ->
                        Tags.of(
                            "reason",
                            e.getKey().reason(),
                            "stalled",
                            Boolean.toString(e.getKey().stalled())),
                    Collectors.summingLong(Map.Entry::getValue)));
    notReady.register(
        rows.entrySet().stream()
            .map(e -> MultiGauge.Row.of(e.getKey(), e.getValue()))
            .collect(Collectors.toList()),
        true);
  }

  /**
   * Records a repository's figures from the status a pass gives it: its images and bytes, and those
   * its lifecycle policy would expire. A status without them (no policy managed) has no series.
   *
   * @param key the repository's key in the informer cache ({@code namespace/name})
   */
  public void repositoryStatus(
      String key, String namespace, String name, EcrRepositoryStatus status) {
    RepositoryStorageStatus storage = status.getStorage();
    LifecyclePreviewStatus preview = status.getPreview();
    if (storage == null
        || storage.getStandard() == null
        || storage.getArchive() == null
        || preview == null) {
      repositories.remove(key);
      return;
    }
    repositories.put(
        key,
        new RepositoryFigures(
            namespace,
            name,
            sum(storage.getStandard().getImages(), storage.getArchive().getImages()),
            sum(storage.getStandard().getBytes(), storage.getArchive().getBytes()),
            orZero(preview.getExpiring()),
            orZero(preview.getExpiringBytes()),
            status.getProtection() == null
                ? 0
                : orZero(status.getProtection().getProtectedImages()),
            preview.getInUseAtRisk() == null
                ? 0
                : sum(
                    preview.getInUseAtRisk().getExpiring(),
                    preview.getInUseAtRisk().getArchiving())));
  }

  /**
   * Gauges each repository's images and bytes, labelled with its resource's namespace and name;
   * {@code cached} lists the keys of the repositories the cache holds at a scrape, so that a
   * deleted repository's series go with it.
   */
  public void gaugeRepositories(Supplier<Stream<String>> cached) {
    this.cachedRepositories = cached;
  }

  // Scrapes may come at once: one refresh at a time.
  private synchronized void refreshRepositoryGauges() {
    Set<String> present;
    try (Stream<String> keys = cachedRepositories.get()) {
      present = keys.collect(Collectors.toSet());
    }
    repositories.keySet().retainAll(present);
    List<RepositoryFigures> figures = List.copyOf(repositories.values());
    for (RepositoryGauge gauge : repositoryGauges) {
      gauge.multiGauge.register(
          figures.stream()
              .map(
                  f ->
                      MultiGauge.Row.of(
                          Tags.of("namespace", f.namespace(), "name", f.name()),
                          gauge.value.applyAsLong(f)))
              .collect(Collectors.toList()),
          true);
    }
  }

  private static long sum(Long a, Long b) {
    return orZero(a) + orZero(b);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private record RepositoryFigures(
      String namespace,
      String name,
      long images,
      long bytes,
      long expiringImages,
      long expiringBytes,
      long protectedImages,
      long inUseAtRisk) {}

  private final class RepositoryGauge {
    final MultiGauge multiGauge;
    final ToLongFunction<RepositoryFigures> value;

    RepositoryGauge(String name, String description, ToLongFunction<RepositoryFigures> value) {
      this.multiGauge = MultiGauge.builder(name).description(description).register(registry);
      this.value = value;
    }
  }

  /**
   * Gauges whether this process leads (always 1 without leader election), labelled with the name of
   * its Lease ({@code lease}, empty without leader election).
   */
  public void gaugeLeadership(String lease, BooleanSupplier leading) {
    Gauge.builder(LEADER, () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 while this process holds the leader lease and reconciles, else 0")
        .tag("lease", lease)
        .register(registry);
  }

  /** Gauges the distinct ECR image references (by tag or by digest) the cluster's workloads use. */
  public void gaugeImagesInUse(IntSupplier images) {
    Gauge.builder(IMAGES_IN_USE, images::getAsInt)
        .description("Distinct ECR image references used by the cluster's pods and workloads")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Everything, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    refreshRepositoryGauges();
    refreshNotReady();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
