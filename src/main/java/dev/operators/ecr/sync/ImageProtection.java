package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.ImageManifest;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.ProtectionRelease;
import dev.operators.ecr.policy.ProtectionRelease.Decision;
import dev.operators.ecr.policy.ProtectionRelease.Outcome;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.policy.StorageClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the images in use of one repository from its lifecycle policy (docs/design.md, "Keep what
 * runs"): each image in use carries this cluster's protection tag, which the protection rule first
 * in the applied policy keeps; a tag comes off once its image has been out of use for the grace
 * period and either keeps another tag or would be expired by the user's policy alone ({@link
 * ProtectionRelease}).
 *
 * <p>When the image went out of use is kept in memory, per repository and digest, from the first
 * pass that found it out of use: after a restart the grace period starts again, which only keeps an
 * image longer.
 */
final class ImageProtection {
  private final EcrPort ecr;
  private final InUseLookup lookup;
  private final ProtectionTags tags;
  private final Duration grace;
  private final Duration recheck;
  private final Map<RepositoryRef, Map<String, Instant>> outOfUseSince = new ConcurrentHashMap<>();
  private final Map<RepositoryRef, Checked> checked = new ConcurrentHashMap<>();

  /** What the last protection step of a repository saw and found. */
  private record Checked(Set<EcrImage> references, Instant listedAt, ProtectionResult result) {}

  /**
   * @param recheck how long a protected repository whose images in use did not change goes without
   *     its images being read again (the preview period: the preview reads them then anyway)
   */
  ImageProtection(
      EcrPort ecr, InUseLookup lookup, ProtectionTags tags, Duration grace, Duration recheck) {
    this.ecr = ecr;
    this.lookup = lookup;
    this.tags = tags;
    this.grace = grace;
    this.recheck = recheck;
  }

  /**
   * Whether a pass must read the repository's images to protect them: unless it reads them anyway
   * (a new policy, a preview), only when the references in use into it changed since the last
   * reading, a grace period ended, the watches are not synced yet, or the last reading is older
   * than the recheck period. A protection tag removed by hand, or a tag in use moved to another
   * image, is thus seen within the recheck period.
   */
  boolean due(RepositoryRef ref, Map<EcrImage, List<Workload>> used, Instant now) {
    Checked last = checked.get(ref);
    if (last == null || !lookup.ready()) {
      return true;
    }
    Instant release = last.result().nextRelease();
    return !last.references().equals(used.keySet())
        || (release != null && !now.isBefore(release))
        || !now.isBefore(last.listedAt().plus(recheck));
  }

  /** What the last protection step found, for a pass that did not need to read the images. */
  ProtectionResult unchanged(RepositoryRef ref) {
    ProtectionResult last = checked.get(ref).result();
    return new ProtectionResult(
        last.tagPrefix(),
        last.protectedImages(),
        last.inGrace(),
        last.keptByPolicy(),
        0,
        0,
        last.nextRelease(),
        last.problems());
  }

  /**
   * The references into the repository in use now, with their users: read once per pass, and given
   * to {@link #due}, {@link #asProtected} and {@link #protect}.
   *
   * @param registryId the account the repository is in
   */
  Map<EcrImage, List<Workload>> used(String registryId, RepositoryRef ref) {
    return lookup.inUse(registryId, ref.region(), ref.name());
  }

  /**
   * The digests of the images in use among {@code images}: references by digest as they are,
   * references by tag resolved to the image that carries the tag in this listing (no further call).
   */
  private static Set<String> digests(List<Image> images, Map<EcrImage, List<Workload>> used) {
    return InUseGuard.usersByDigest(images, used).keySet();
  }

  /**
   * Protects the images in use ({@link #protectDigests}), remembering what it saw, so that later
   * passes know whether they must read the images again ({@link #due}).
   */
  ProtectionResult protect(
      RepositoryRef ref,
      Map<EcrImage, List<Workload>> used,
      List<Image> images,
      LifecyclePolicy userPolicy,
      Instant now) {
    ProtectionResult result = protectDigests(ref, images, digests(images, used), userPolicy, now);
    checked.put(ref, new Checked(Set.copyOf(used.keySet()), now, result));
    return result;
  }

  /** The images as they are once every image in use carries its protection tag. */
  List<Image> asProtected(List<Image> images, Map<EcrImage, List<Workload>> used) {
    return tags.protect(images, digests(images, used));
  }

  /**
   * Tags the images in use that lack their protection tag and removes the tags that may come off.
   * Until the watches have listed what runs, nothing comes off: an image they have not reported yet
   * may be in use.
   *
   * @param images the repository's images as listed in this pass
   * @param inUse the digests in use
   * @param userPolicy the policy the user declared, without the protection rule
   */
  private ProtectionResult protectDigests(
      RepositoryRef ref,
      List<Image> images,
      Set<String> inUse,
      LifecyclePolicy userPolicy,
      Instant now) {
    if (!lookup.ready()) {
      Set<String> held = new HashSet<>(inUse);
      images.stream().filter(this::hasOwnTag).forEach(i -> held.add(i.digest()));
      inUse = held;
    }
    List<String> problems = new ArrayList<>();
    List<Image> current = new ArrayList<>(images);
    int tagged = 0;
    for (int i = 0; i < current.size(); i++) {
      Image image = current.get(i);
      if (!inUse.contains(image.digest()) || hasOwnTag(image)) {
        continue;
      }
      Optional<Image> withTag = tag(ref, image, current, problems);
      if (withTag.isPresent()) {
        current.set(i, withTag.get());
        tagged++;
      }
    }
    Map<String, Instant> since = outOfUse(ref, current, inUse, now);
    List<Decision> decisions =
        new ProtectionRelease(userPolicy, tags, grace).decide(current, inUse, since, now);
    List<String> releasable = ProtectionRelease.releasable(decisions);
    List<Image> after = untag(ref, current, releasable, problems);
    since.keySet().removeIf(digest -> !stillProtected(digest, after));
    return result(after, decisions, since, tagged, ownTags(current) - ownTags(after), problems);
  }

  /**
   * Removes this cluster's protection tags from a repository that is no longer protected (its spec
   * or the operator left Protect, or the repository has no lifecycle policy any more), each as soon
   * as the release rule allows with nothing in use and no grace: the protection rule is gone, so
   * the tags protect nothing, and an image whose last tag one is keeps it until the user's policy
   * would expire the image.
   */
  ProtectionResult release(
      RepositoryRef ref, List<Image> images, LifecyclePolicy userPolicy, Instant now) {
    forget(ref);
    Map<String, Instant> since = new HashMap<>();
    images.forEach(image -> since.put(image.digest(), Instant.MIN));
    List<Decision> decisions =
        new ProtectionRelease(userPolicy, tags, Duration.ZERO).decide(images, Set.of(), since, now);
    List<String> problems = new ArrayList<>();
    List<Image> after = untag(ref, images, ProtectionRelease.releasable(decisions), problems);
    return result(after, decisions, Map.of(), 0, ownTags(images) - ownTags(after), problems);
  }

  /** What a repository that holds no image has protected. */
  ProtectionResult none() {
    return new ProtectionResult(tags.prefix(), 0, 0, 0, 0, 0, null, List.of());
  }

  /** Forgets a repository the operator no longer manages. */
  void forget(RepositoryRef ref) {
    outOfUseSince.remove(ref);
    checked.remove(ref);
  }

  private Optional<Image> tag(
      RepositoryRef ref, Image image, List<Image> images, List<String> problems) {
    if (image.storageClass() != StorageClass.STANDARD) {
      // An archived image cannot be pulled (docs/ecr-semantics.md §2.2), so its manifest cannot be
      // read back to tag it; the protection rule could not count it either (§V12).
      problems.add(
          "image "
              + image.digest()
              + " is in use but archived: it cannot be tagged until it is restored");
      return Optional.empty();
    }
    String tag = tags.tagFor(image.digest());
    for (Image other : images) {
      if (!other.digest().equals(image.digest()) && other.tags().contains(tag)) {
        // Two digests that share 64 bits: adding the tag would move it off the other image.
        problems.add(
            "image "
                + image.digest()
                + " is in use but its protection tag "
                + tag
                + " is on image "
                + other.digest());
        return Optional.empty();
      }
    }
    Optional<ImageManifest> manifest = ecr.getManifest(ref, image.digest());
    if (manifest.isEmpty()) {
      return Optional.empty(); // deleted since it was listed: nothing left to protect
    }
    try {
      ecr.tagImage(ref, manifest.get(), tag);
    } catch (EcrException e) {
      if (e.kind() != EcrErrorKind.ALREADY_EXISTS) {
        throw e;
      }
      problems.add(
          "image " + image.digest() + " is in use but its protection tag " + tag + " is taken");
      return Optional.empty();
    }
    List<String> withTag = new ArrayList<>(image.tags());
    withTag.add(tag);
    return Optional.of(image.withTags(withTag));
  }

  // When each protected image out of use went out of use: recorded at the first pass that finds
  // it so, forgotten when it is in use again.
  private Map<String, Instant> outOfUse(
      RepositoryRef ref, List<Image> images, Set<String> inUse, Instant now) {
    Map<String, Instant> since = outOfUseSince.computeIfAbsent(ref, r -> new ConcurrentHashMap<>());
    for (Image image : images) {
      if (inUse.contains(image.digest())) {
        since.remove(image.digest());
      } else if (hasOwnTag(image)) {
        since.putIfAbsent(image.digest(), now);
      }
    }
    return since;
  }

  // Removes the tags (BatchDeleteImage, 100 at a time) and returns the images as they are after:
  // a tag ECR did not remove is a problem, and stays.
  private List<Image> untag(
      RepositoryRef ref, List<Image> images, List<String> releasable, List<String> problems) {
    Map<String, String> failures = new HashMap<>();
    for (int from = 0; from < releasable.size(); from += EcrPort.MAX_DELETE_IMAGE_IDS) {
      List<String> chunk =
          releasable.subList(
              from, Math.min(releasable.size(), from + EcrPort.MAX_DELETE_IMAGE_IDS));
      failures.putAll(ecr.untagImages(ref, chunk));
    }
    failures.forEach(
        (tag, reason) -> problems.add("could not remove protection tag " + tag + ": " + reason));
    Set<String> removed = new HashSet<>(releasable);
    removed.removeAll(failures.keySet());
    return withoutTags(images, removed);
  }

  private List<Image> withoutTags(List<Image> images, Set<String> removed) {
    if (removed.isEmpty()) {
      return images;
    }
    List<Image> result = new ArrayList<>();
    for (Image image : images) {
      List<String> kept = image.tags().stream().filter(t -> !removed.contains(t)).toList();
      if (kept.size() == image.tags().size()) {
        result.add(image);
      } else if (!kept.isEmpty()) {
        result.add(image.withTags(kept));
      } // else: its last tag was removed, and the image with it
    }
    return result;
  }

  private boolean stillProtected(String digest, List<Image> images) {
    return images.stream().anyMatch(i -> i.digest().equals(digest) && hasOwnTag(i));
  }

  private long ownTags(List<Image> images) {
    return images.stream().flatMap(i -> i.tags().stream()).filter(tags::isOwn).count();
  }

  private boolean hasOwnTag(Image image) {
    return image.tags().stream().anyMatch(tags::isOwn);
  }

  private ProtectionResult result(
      List<Image> images,
      List<Decision> decisions,
      Map<String, Instant> since,
      int tagged,
      long released,
      List<String> problems) {
    int protectedImages = (int) images.stream().filter(this::hasOwnTag).count();
    Set<String> inGrace = new HashSet<>();
    Set<String> keptByPolicy = new HashSet<>();
    for (Decision decision : decisions) {
      if (decision.outcome() == Outcome.IN_GRACE) {
        inGrace.add(decision.digest());
      } else if (decision.outcome() == Outcome.KEPT_BY_POLICY) {
        keptByPolicy.add(decision.digest());
      }
    }
    Instant nextRelease =
        inGrace.stream()
            .map(since::get)
            .filter(at -> at != null)
            .map(at -> at.plus(grace))
            .min(Instant::compareTo)
            .orElse(null);
    return new ProtectionResult(
        tags.prefix(),
        protectedImages,
        inGrace.size(),
        keptByPolicy.size(),
        tagged,
        (int) released,
        nextRelease,
        List.copyOf(problems));
  }
}
