package dev.operators.ecr.runtime.inuse;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.InUseIndex;
import dev.operators.ecr.inuse.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer cache that keeps no object: each object the informer stores is reduced to its name,
 * UID and resource version, and its ECR images go into the {@link InUseIndex}; an object removed
 * (deleted, or missing from a relist) leaves the index. What the informer reads back is an empty
 * object of the kind carrying that metadata, which is all it reads (the resource version, to tell
 * an update from a resync).
 */
final class ImageUseStore<T extends HasMetadata> implements ItemStore<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ImageUseStore.class);

  /** What is kept of one object: its identity in the index and its resource version. */
  private record Kept(Workload workload, String resourceVersion) {}

  private final String kind;
  private final InUseIndex index;
  private final Function<T, Set<EcrImage>> images;
  private final Supplier<T> empty;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  // Every object of a namespace shares one copy of its name.
  private final Map<String, String> namespaces = new ConcurrentHashMap<>();

  ImageUseStore(
      String kind, InUseIndex index, Function<T, Set<EcrImage>> images, Supplier<T> empty) {
    this.kind = kind;
    this.index = index;
    this.images = images;
    this.empty = empty;
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    ObjectMeta meta = object.getMetadata();
    String namespace =
        namespaces.computeIfAbsent(Objects.toString(meta.getNamespace(), ""), n -> n);
    Workload workload =
        new Workload(kind, namespace, meta.getName(), Objects.toString(meta.getUid(), ""));
    Kept before = kept.put(key, new Kept(workload, meta.getResourceVersion()));
    if (before != null && !before.workload().equals(workload)) {
      // Deleted and created again under the same name: another object.
      index.remove(before.workload());
    }
    index.put(workload, imagesOf(object, workload));
    return before == null ? null : object(before);
  }

  @Override
  public T remove(String key) {
    Kept before = kept.remove(key);
    if (before == null) {
      return null;
    }
    index.remove(before.workload());
    return object(before);
  }

  @Override
  public Stream<String> keySet() {
    return kept.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return kept.values().stream().map(this::object);
  }

  @Override
  public int size() {
    return kept.size();
  }

  @Override
  public T get(String key) {
    Kept k = kept.get(key);
    return k == null ? null : object(k);
  }

  // Whatever an object holds, the watch goes on: an object that cannot be read uses no image.
  private Set<EcrImage> imagesOf(T object, Workload workload) {
    try {
      return images.apply(object);
    } catch (RuntimeException e) {
      LOG.warn("{}: images not read, counted as none: {}", workload, e.toString());
      return Set.of();
    }
  }

  private T object(Kept k) {
    T object = empty.get();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(k.workload().name());
    meta.setNamespace(k.workload().namespace());
    meta.setUid(k.workload().uid());
    meta.setResourceVersion(k.resourceVersion());
    object.setMetadata(meta);
    return object;
  }
}
