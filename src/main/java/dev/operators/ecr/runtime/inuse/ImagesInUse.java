package dev.operators.ecr.runtime.inuse;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.InUseIndex;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedCronJob;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedDaemonSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedDeployment;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedJob;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedPod;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedReplicaSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedStatefulSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedWorkload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches on what runs: one informer per source (and per watched namespace, or one for the
 * whole cluster), each keeping only the ECR images of its objects, in one {@link InUseIndex}.
 *
 * <p>Nothing reads the index yet but the tests, a log line once the watches are synced and the
 * {@code ecr_operator_images_in_use} gauge: the protection of these images comes next.
 */
public final class ImagesInUse implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImagesInUse.class);

  private final InUseIndex index;
  private final List<SharedIndexInformer<?>> informers;
  private final Set<InUseSource> sources;
  private volatile CompletableFuture<Void> listed = CompletableFuture.completedFuture(null);

  private ImagesInUse(
      InUseIndex index, List<SharedIndexInformer<?>> informers, Set<InUseSource> sources) {
    this.index = index;
    this.informers = informers;
    this.sources = sources;
  }

  /**
   * The watches of the sources the settings turn on, in {@code namespaces} (all when empty); not
   * started.
   */
  public static ImagesInUse create(
      KubernetesClient client, InUseSettings settings, Set<String> namespaces, Clock clock) {
    InUseIndex index = new InUseIndex(clock);
    KubernetesClient watching = settings.watched().isEmpty() ? client : watching(client);
    List<SharedIndexInformer<?>> informers = new ArrayList<>();
    List<String> scopes =
        namespaces.isEmpty() ? Collections.singletonList(null) : List.copyOf(namespaces);
    for (InUseSource source : settings.watched()) {
      for (String namespace : scopes) {
        informers.add(informer(watching, source, namespace, index));
      }
    }
    return new ImagesInUse(index, informers, settings.watched());
  }

  private static SharedIndexInformer<?> informer(
      KubernetesClient client, InUseSource source, String namespace, InUseIndex index) {
    return switch (source) {
      case PODS -> informer(client, WatchedPod.class, namespace, source, index, WatchedPod::new);
      case DEPLOYMENTS ->
          informer(
              client, WatchedDeployment.class, namespace, source, index, WatchedDeployment::new);
      case REPLICA_SETS ->
          informer(
              client, WatchedReplicaSet.class, namespace, source, index, WatchedReplicaSet::new);
      case STATEFUL_SETS ->
          informer(
              client, WatchedStatefulSet.class, namespace, source, index, WatchedStatefulSet::new);
      case DAEMON_SETS ->
          informer(client, WatchedDaemonSet.class, namespace, source, index, WatchedDaemonSet::new);
      case JOBS -> informer(client, WatchedJob.class, namespace, source, index, WatchedJob::new);
      case CRON_JOBS ->
          informer(client, WatchedCronJob.class, namespace, source, index, WatchedCronJob::new);
    };
  }

  private static <T extends WatchedObject> SharedIndexInformer<T> informer(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      InUseSource source,
      InUseIndex index,
      Supplier<T> empty) {
    Function<T, Set<EcrImage>> images =
        object ->
            object instanceof WatchedPod pod
                ? WorkloadImages.of(pod)
                : WorkloadImages.of((WatchedWorkload) object);
    return informer(client.resources(type), namespace, source, index, images, empty);
  }

  /**
   * A client for the watches, sharing the operator's connections and threads, whose reader decodes
   * each watched kind into its {@link WatchedObject}: the watch events of a kind are decoded by its
   * kind and version, which the operator's reader maps to fabric8's whole model.
   */
  static KubernetesClient watching(KubernetesClient client) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (Class<? extends WatchedObject> type :
        List.of(
            WatchedPod.class,
            WatchedDeployment.class,
            WatchedReplicaSet.class,
            WatchedStatefulSet.class,
            WatchedDaemonSet.class,
            WatchedJob.class,
            WatchedCronJob.class)) {
      serialization.registerKubernetesResource(
          HasMetadata.getApiVersion(type), HasMetadata.getKind(type), type);
    }
    Executor executor = client instanceof BaseClient base ? base.getExecutor() : null;
    KubernetesClientBuilder.ExecutorSupplier shared =
        executor == null
            ? null
            : new KubernetesClientBuilder.ExecutorSupplier() {
              @Override
              public Executor get() {
                return executor;
              }

              @Override
              public void onClose(Executor closed) {
                // The operator's client owns it.
              }
            };
    return new KubernetesClientImpl(
        client.getHttpClient(), client.getConfiguration(), shared, serialization);
  }

  private static <T extends HasMetadata> SharedIndexInformer<T> informer(
      MixedOperation<T, ?, ?> operation,
      String namespace,
      InUseSource source,
      InUseIndex index,
      Function<T, Set<EcrImage>> images,
      Supplier<T> empty) {
    Informable<T> scope =
        namespace == null ? operation.inAnyNamespace() : operation.inNamespace(namespace);
    return scope
        .withLimit(Informers.LIST_PAGE)
        .runnableInformer(0)
        .removeNamespaceIndex()
        .itemStore(new ImageUseStore<>(source.kind(), index, images, empty));
  }

  /**
   * Starts the watches without waiting for them; a source that cannot be listed (RBAC) is logged
   * and left out, the operator goes on.
   */
  public ImagesInUse start() {
    if (informers.isEmpty()) {
      return this;
    }
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> informer : informers) {
      started.add(
          informer
              .start()
              .toCompletableFuture()
              .whenComplete(
                  (ok, e) -> {
                    if (e != null) {
                      LOG.warn(
                          "images in use: cannot watch {}: {}",
                          HasMetadata.getKind(informer.getApiTypeClass()),
                          e.toString());
                    }
                  }));
    }
    listed = CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    listed.whenComplete(
        (ok, e) ->
            LOG.info(
                "images in use: {} images of {} repositories, from {} workloads ({})",
                index.images(),
                index.repositories().size(),
                index.workloads(),
                sources.stream().map(InUseSource::flagValue).sorted().toList()));
    return this;
  }

  /**
   * Waits until every watch has listed what it watches, or failed to, for at most {@code timeout}:
   * so that the first passes after a start know what runs.
   */
  public void awaitListed(Duration timeout) {
    try {
      listed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "images in use: the watches have not all listed what runs after {}; protection tags"
              + " stay until they have ({})",
          timeout,
          e.toString());
    }
  }

  /** The index the watches fill. */
  public InUseIndex index() {
    return index;
  }

  /** Whether every watch has listed its objects once. */
  public boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** The sources watched. */
  public Set<InUseSource> sources() {
    return sources;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}
