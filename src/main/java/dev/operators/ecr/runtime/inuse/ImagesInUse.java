package dev.operators.ecr.runtime.inuse;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.InUseIndex;
import dev.operators.ecr.reconciler.cache.Informers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    List<SharedIndexInformer<?>> informers = new ArrayList<>();
    List<String> scopes =
        namespaces.isEmpty() ? Collections.singletonList(null) : List.copyOf(namespaces);
    for (InUseSource source : settings.watched()) {
      for (String namespace : scopes) {
        informers.add(informer(client, source, namespace, index));
      }
    }
    return new ImagesInUse(index, informers, settings.watched());
  }

  private static SharedIndexInformer<?> informer(
      KubernetesClient client, InUseSource source, String namespace, InUseIndex index) {
    return switch (source) {
      case PODS -> informer(client.pods(), namespace, source, index, WorkloadImages::of, Pod::new);
      case DEPLOYMENTS ->
          informer(
              client.apps().deployments(),
              namespace,
              source,
              index,
              WorkloadImages::of,
              Deployment::new);
      case REPLICA_SETS ->
          informer(
              client.apps().replicaSets(),
              namespace,
              source,
              index,
              WorkloadImages::of,
              ReplicaSet::new);
      case STATEFUL_SETS ->
          informer(
              client.apps().statefulSets(),
              namespace,
              source,
              index,
              WorkloadImages::of,
              StatefulSet::new);
      case DAEMON_SETS ->
          informer(
              client.apps().daemonSets(),
              namespace,
              source,
              index,
              WorkloadImages::of,
              DaemonSet::new);
      case JOBS ->
          informer(
              client.batch().v1().jobs(), namespace, source, index, WorkloadImages::of, Job::new);
      case CRON_JOBS ->
          informer(
              client.batch().v1().cronjobs(),
              namespace,
              source,
              index,
              WorkloadImages::of,
              CronJob::new);
    };
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
                          informer.getApiTypeClass().getSimpleName(),
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
