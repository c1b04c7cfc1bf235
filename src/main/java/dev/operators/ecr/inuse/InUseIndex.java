package dev.operators.ecr.inuse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which ECR images the cluster uses, and by whom: for each workload the set of images it uses, and
 * for each image the moment its last user went away. Safe for any number of threads: the watches
 * write, the reconcilers will read.
 *
 * <p>An image by tag and the same image by digest are two entries: a tag is resolved to its digest
 * by the caller.
 */
public final class InUseIndex {

  /** The repository an image is in. */
  private record Repository(String account, String region, String name) {
    static Repository of(EcrImage image) {
      return new Repository(image.account(), image.region(), image.repository());
    }
  }

  /** The one instance of an image the index keeps, and its users. */
  private record Users(EcrImage image, Set<Workload> workloads) {}

  /** Told when an image comes into use or goes out of use in a repository. */
  @FunctionalInterface
  public interface Listener {
    /**
     * An image of the repository came into use (its first user) or went out of use (its last user
     * went away). Called after the index has changed, on the watch's thread: it must not block.
     */
    void changed(String account, String region, String repository);
  }

  private final Clock clock;
  private volatile Listener listener = (account, region, repository) -> {};
  private final Map<Workload, List<EcrImage>> byWorkload = new HashMap<>();
  private final Map<Repository, Map<EcrImage, Users>> byRepository = new HashMap<>();
  private final Map<EcrImage, Instant> stopped = new HashMap<>();
  private Instant lastPruned = Instant.MIN;

  /**
   * How long the index remembers when an image stopped being used: every image a cluster ever
   * stopped using would otherwise stay. Protection keeps its own out-of-use times, per digest.
   */
  public static final Duration STOPPED_KEPT = Duration.ofDays(1);

  public InUseIndex(Clock clock) {
    this.clock = clock;
  }

  /** Sets who is told of images coming into use or going out of use. */
  public void listener(Listener listener) {
    this.listener = listener;
  }

  /**
   * Records the images a workload uses now, replacing what it used before; an empty set forgets the
   * workload.
   */
  public void put(Workload workload, Collection<EcrImage> images) {
    Set<Repository> changed = new HashSet<>();
    synchronized (this) {
      List<EcrImage> before = byWorkload.remove(workload);
      Set<EcrImage> now = new HashSet<>();
      for (EcrImage image : images) {
        now.add(use(image, workload, changed));
      }
      if (before != null) {
        for (EcrImage image : before) {
          if (!now.contains(image)) {
            release(image, workload, changed);
          }
        }
      }
      if (!now.isEmpty()) {
        // An immutable list: a workload uses one or two images, and a set would cost 150 bytes.
        byWorkload.put(workload, List.copyOf(now));
      }
    }
    tell(changed);
  }

  /** Forgets a workload that is gone. */
  public void remove(Workload workload) {
    Set<Repository> changed = new HashSet<>();
    synchronized (this) {
      List<EcrImage> before = byWorkload.remove(workload);
      if (before != null) {
        before.forEach(image -> release(image, workload, changed));
      }
    }
    tell(changed);
  }

  private void tell(Set<Repository> changed) {
    Listener current = listener;
    changed.forEach(r -> current.changed(r.account(), r.region(), r.name()));
  }

  /**
   * The images of one repository in use, each with its users, in a stable order (by reference, then
   * by kind, namespace and name).
   */
  public synchronized Map<EcrImage, List<Workload>> inUse(
      String account, String region, String repository) {
    Map<EcrImage, Users> images =
        byRepository.getOrDefault(new Repository(account, region, repository), Map.of());
    Map<EcrImage, List<Workload>> result = new TreeMap<>(BY_REFERENCE);
    images.forEach(
        (image, users) -> {
          List<Workload> sorted = new ArrayList<>(users.workloads());
          sorted.sort(BY_NAME);
          result.put(image, List.copyOf(sorted));
        });
    return result;
  }

  /**
   * When the last user of an image went away; empty while it is in use, and for an image this index
   * never saw in use.
   */
  public synchronized Optional<Instant> stoppedAt(EcrImage image) {
    return Optional.ofNullable(stopped.get(image));
  }

  /** Forgets when images stopped being used, for those that stopped before a moment. */
  public synchronized void forgetStoppedBefore(Instant moment) {
    stopped.values().removeIf(at -> at.isBefore(moment));
  }

  /** How many distinct images are in use now. */
  public synchronized int images() {
    return byRepository.values().stream().mapToInt(Map::size).sum();
  }

  /** How many workloads use at least one image. */
  public synchronized int workloads() {
    return byWorkload.size();
  }

  /** The repositories with an image in use, as {@code account/region/name}, sorted. */
  public synchronized Set<String> repositories() {
    Set<String> names = new TreeSet<>();
    byRepository.keySet().forEach(r -> names.add(r.account() + "/" + r.region() + "/" + r.name()));
    return names;
  }

  // Returns the one instance of the image the index keeps, so that ten thousand Pods of one
  // Deployment share one copy of its reference.
  private EcrImage use(EcrImage image, Workload workload, Set<Repository> changed) {
    Map<EcrImage, Users> images =
        byRepository.computeIfAbsent(Repository.of(image), r -> new HashMap<>());
    Users users = images.get(image);
    if (users == null) {
      users = new Users(image, new HashSet<>());
      images.put(image, users);
      changed.add(Repository.of(image));
    }
    users.workloads().add(workload);
    stopped.remove(image);
    return users.image();
  }

  private void release(EcrImage image, Workload workload, Set<Repository> changed) {
    Repository repository = Repository.of(image);
    Map<EcrImage, Users> images = byRepository.get(repository);
    Users users = images == null ? null : images.get(image);
    if (users == null || !users.workloads().remove(workload) || !users.workloads().isEmpty()) {
      return;
    }
    images.remove(image);
    changed.add(repository);
    Instant now = clock.instant();
    stopped.put(image, now);
    // At most once a minute, so that a burst of Pods going away costs one sweep.
    if (!now.isBefore(lastPruned.plus(PRUNE_EVERY))) {
      lastPruned = now;
      forgetStoppedBefore(now.minus(STOPPED_KEPT));
    }
    if (images.isEmpty()) {
      byRepository.remove(repository);
    }
  }

  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private static final Comparator<EcrImage> BY_REFERENCE = Comparator.comparing(EcrImage::toString);
  private static final Comparator<Workload> BY_NAME =
      Comparator.comparing(Workload::kind)
          .thenComparing(Workload::namespace)
          .thenComparing(Workload::name)
          .thenComparing(Workload::uid);
}
