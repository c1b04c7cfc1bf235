package dev.operators.ecr.reconciler.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An informer cache that keeps each resource as its JSON text (trimmed as {@link TrimmedStore}
 * trims it), deflated against the text of another resource of the cache ({@link DeflatedJson}), and
 * decodes it on every read. A decoded EcrRepository takes some 4.8 KiB on a 64-bit JVM (most of it
 * object headers, the empty maps every fabric8 model object carries, and the per-instance names a
 * custom resource computes); its JSON text 1.8 to 2.5 KiB; that text deflated against another
 * repository's a few hundred bytes (docs/benchmarks.md). The price is an inflate and a decode per
 * read, tens of microseconds, and a read hands out a fresh object each time, so nothing a reader
 * does to it reaches the cache.
 *
 * <p>Reads happen once per event and per reconcile (a few per repository per resync period), and
 * whole-cache listings are rare: the Ready gauge, read on every scrape, counts labels kept beside
 * the text, which costs no decode. A change to a shared policy decodes the repositories that
 * reference it, to find them (the informer's index gives objects, not keys).
 */
public class SerializedStore<R extends HasMetadata> implements ItemStore<R> {
  private final Map<String, byte[]> store = new ConcurrentHashMap<>();
  private final Map<String, String> labels = new ConcurrentHashMap<>();
  private final Class<R> type;
  private final KubernetesSerialization serialization;
  private final UnaryOperator<R> transform;
  private final Function<R, String> label;
  private final DeflatedJson deflated = new DeflatedJson();

  /**
   * Keeps of each resource what {@code transform} makes of it ({@link TrimmedStore#trimmed} at
   * least).
   */
  public SerializedStore(
      Class<R> type, KubernetesSerialization serialization, UnaryOperator<R> transform) {
    this(type, serialization, transform, null);
  }

  /**
   * @param transform what is kept of each resource ({@link TrimmedStore#trimmed} at least)
   * @param label a label of each resource, worked out when it is stored, so that {@link
   *     #count(String)} can count resources by it without decoding any; null for none
   */
  private SerializedStore(
      Class<R> type,
      KubernetesSerialization serialization,
      UnaryOperator<R> transform,
      Function<R, String> label) {
    this.type = type;
    this.serialization = serialization;
    this.transform = transform;
    this.label = label;
  }

  /** Keeps each resource whole but for what {@link TrimmedStore} drops. */
  public static <R extends HasMetadata> SerializedStore<R> trimmed(
      Class<R> type, KubernetesSerialization serialization, Function<R, String> label) {
    return new SerializedStore<>(type, serialization, TrimmedStore::trimmed, label);
  }

  /** How many resources in the cache have this label (none without a label function). */
  public long count(String value) {
    return labels.values().stream().filter(value::equals).count();
  }

  @Override
  public String getKey(R resource) {
    return Cache.metaNamespaceKeyFunc(resource);
  }

  @Override
  public R put(String key, R resource) {
    if (label != null) {
      labels.put(key, label.apply(resource));
    }
    byte[] json = serialization.asJson(transform.apply(resource)).getBytes(StandardCharsets.UTF_8);
    if (hasStatus(resource)) {
      // A resource the operator has written to resembles the others most: its text is the
      // dictionary the others are deflated against.
      deflated.adoptDictionary(json);
    }
    return decode(store.put(key, deflated.encode(json)));
  }

  @Override
  public R remove(String key) {
    labels.remove(key);
    return decode(store.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet().stream();
  }

  @Override
  public Stream<R> values() {
    return store.values().stream().map(this::decode);
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return decode(store.get(key));
  }

  private R decode(byte[] entry) {
    return entry == null
        ? null
        : serialization.unmarshal(new ByteArrayInputStream(deflated.decode(entry)), type);
  }

  private static boolean hasStatus(HasMetadata resource) {
    return resource instanceof CustomResource<?, ?> custom && custom.getStatus() != null;
  }
}
