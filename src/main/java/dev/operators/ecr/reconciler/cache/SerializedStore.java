package dev.operators.ecr.reconciler.cache;

import dev.operators.ecr.api.EcrRepository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
 * whole-cache listings are rare: the Ready gauges, read on every scrape, count labels kept beside
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
  private final Predicate<R> typical;
  private final DeflatedJson deflated = new DeflatedJson();

  /**
   * Keeps of each resource what {@code transform} makes of it ({@link TrimmedStore#trimmed} at
   * least).
   *
   * @param typical whether a resource looks like most will (the operator has written its status,
   *     say): the first one stored becomes the dictionary the others are deflated against
   */
  public SerializedStore(
      Class<R> type,
      KubernetesSerialization serialization,
      UnaryOperator<R> transform,
      Predicate<R> typical) {
    this(type, serialization, transform, typical, null);
  }

  /**
   * @param transform what is kept of each resource ({@link TrimmedStore#trimmed} at least)
   * @param typical whether a resource's text may be the dictionary
   * @param label a label of each resource, worked out when it is stored, so that {@link
   *     #count(String)} can count resources by it without decoding any; null for none
   */
  private SerializedStore(
      Class<R> type,
      KubernetesSerialization serialization,
      UnaryOperator<R> transform,
      Predicate<R> typical,
      Function<R, String> label) {
    this.type = type;
    this.serialization = serialization;
    this.transform = transform;
    this.typical = typical;
    this.label = label;
  }

  /**
   * The repository controller's cache: each EcrRepository whole but for what {@link TrimmedStore}
   * drops, labelled for {@link #count}.
   */
  public static SerializedStore<EcrRepository> repositories(
      KubernetesSerialization serialization, Function<EcrRepository, String> label) {
    return new SerializedStore<>(
        EcrRepository.class,
        serialization,
        TrimmedStore::trimmed,
        SerializedStore::statusWritten,
        label);
  }

  /**
   * Whether the operator has written this repository's status: then it looks like most repositories
   * will, and its text makes a good dictionary. (A repository read without a status still has an
   * empty one: the model creates it.)
   */
  static boolean statusWritten(EcrRepository repository) {
    return repository.getStatus() != null && repository.getStatus().getObservedGeneration() != null;
  }

  /** How many resources in the cache have this label (none without a label function). */
  public long count(String value) {
    return labels.values().stream().filter(value::equals).count();
  }

  /** How many resources in the cache have each label (none without a label function). */
  public Map<String, Long> counts() {
    return labels.values().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  /** The bytes the entries take, their headers aside. */
  long storedBytes() {
    return store.values().stream().mapToLong(entry -> entry.length).sum();
  }

  @Override
  public String getKey(R resource) {
    return Cache.metaNamespaceKeyFunc(resource);
  }

  @Override
  public R put(String key, R resource) {
    canonicalNames(resource);
    if (label != null) {
      labels.put(key, label.apply(resource));
    }
    byte[] json = serialization.asJson(transform.apply(resource)).getBytes(StandardCharsets.UTF_8);
    if (!deflated.hasDictionary() && typical.test(resource)) {
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
        : canonicalNames(
            serialization.unmarshal(new ByteArrayInputStream(deflated.decode(entry)), type));
  }

  /**
   * Gives a resource's name and namespace as the JVM's one copy of each string. Every watch event
   * and every read from this cache builds a new object with new strings, and the framework keeps
   * {@code ResourceID}s made of them in several maps for as long as the resource exists (its state
   * per resource, its timers): without this, four or more copies of each name per repository
   * (docs/design.md, "What a repository costs in memory"). The resource handed to {@link #put} is
   * the one the informer then passes to the framework, so it is changed in place: the strings are
   * equal, only their copies are shared.
   */
  static <T extends HasMetadata> T canonicalNames(T resource) {
    ObjectMeta meta = resource == null ? null : resource.getMetadata();
    if (meta != null) {
      if (meta.getName() != null) {
        meta.setName(meta.getName().intern());
      }
      if (meta.getNamespace() != null) {
        meta.setNamespace(meta.getNamespace().intern());
      }
    }
    return resource;
  }
}
