package dev.operators.ecr.reconciler.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** An informer cache that keeps each resource as a function makes it, keyed namespace/name. */
class TransformingStore<R extends HasMetadata> implements ItemStore<R> {
  private final BasicItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final UnaryOperator<R> transform;

  TransformingStore(UnaryOperator<R> transform) {
    this.transform = transform;
  }

  @Override
  public String getKey(R resource) {
    return store.getKey(resource);
  }

  @Override
  public R put(String key, R resource) {
    return store.put(key, transform.apply(resource));
  }

  @Override
  public R remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<R> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }
}
