package dev.operators.ecr.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When this cluster's protection tags may come off. Removing a tag with BatchDeleteImage also
 * deletes an image it was the last tag of (docs/ecr-semantics.md §3.3), so a protection tag is
 * removed only when the image has been out of use for longer than the grace period and either keeps
 * another tag or would be expired now by the user's policy alone: never earlier than that policy
 * would remove the image.
 *
 * <p>"The user's policy alone" is the user's rules, without the protection rule, evaluated by
 * {@link PolicyEvaluator} over the repository's current images, in which every image due for
 * release (this one among them) has lost this cluster's protection tags and every other image keeps
 * its tags. Leaving out the tags of all of them at once, not only of the image decided, lets two
 * protected untagged images be judged together: under "keep one untagged image" the older goes and
 * the newer stays, as the user's policy would have it, where each judged alone would seem the only
 * untagged image and stay protected for ever.
 *
 * <p>Other clusters' protection tags are never released, and count as tags an image keeps.
 */
public final class ProtectionRelease {
  /** What becomes of one protection tag now. */
  public enum Outcome {
    /** Remove it now. */
    RELEASE,
    /** The image is in use. */
    IN_USE,
    /**
     * The image has been out of use for no longer than the grace period, or since an unknown time.
     */
    IN_GRACE,
    /** The tag is the image's last, and the user's policy would not expire the image now. */
    KEPT_BY_POLICY
  }

  /** The outcome for one protection tag of this cluster on one image. */
  public record Decision(String digest, String tag, Outcome outcome) {}

  private final LifecyclePolicy userPolicy;
  private final ProtectionTags tags;
  private final Duration grace;

  /**
   * @param userPolicy the user's policy as declared, without the protection rule
   * @param grace how long an image stays protected after it stopped being in use
   */
  public ProtectionRelease(LifecyclePolicy userPolicy, ProtectionTags tags, Duration grace) {
    this.userPolicy = Objects.requireNonNull(userPolicy, "userPolicy");
    this.tags = Objects.requireNonNull(tags, "tags");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace period is not negative: " + grace);
    }
    this.grace = grace;
  }

  /**
   * The outcome for every protection tag of this cluster on the repository's images, by digest.
   *
   * @param images the repository's current images, with their tags as ECR reports them
   * @param inUse the digests of the images in use now
   * @param outOfUseSince when each image not in use stopped being in use; an image missing here is
   *     counted as stopped just now (the caller records that moment)
   */
  public List<Decision> decide(
      Collection<Image> images,
      Set<String> inUse,
      Map<String, Instant> outOfUseSince,
      Instant now) {
    List<Image> sorted = images.stream().sorted(Comparator.comparing(Image::digest)).toList();
    List<Image> world = new ArrayList<>();
    Set<String> due = new HashSet<>();
    for (Image image : sorted) {
      boolean releaseDue =
          !ownTags(image).isEmpty()
              && !inUse.contains(image.digest())
              && graceOver(outOfUseSince.get(image.digest()), now);
      if (releaseDue) {
        due.add(image.digest());
      }
      world.add(releaseDue ? image.withTags(otherTags(image)) : image);
    }
    Set<String> expiredAlone = expired(PolicyEvaluator.evaluate(userPolicy, world, now));
    List<Decision> decisions = new ArrayList<>();
    for (Image image : sorted) {
      Outcome outcome;
      if (inUse.contains(image.digest())) {
        outcome = Outcome.IN_USE;
      } else if (!due.contains(image.digest())) {
        outcome = Outcome.IN_GRACE;
      } else if (!otherTags(image).isEmpty() || expiredAlone.contains(image.digest())) {
        outcome = Outcome.RELEASE;
      } else {
        outcome = Outcome.KEPT_BY_POLICY;
      }
      for (String tag : ownTags(image)) {
        decisions.add(new Decision(image.digest(), tag, outcome));
      }
    }
    return decisions;
  }

  /** The protection tags that may be removed now, from {@link #decide}'s answer. */
  public static List<String> releasable(List<Decision> decisions) {
    return decisions.stream()
        .filter(d -> d.outcome() == Outcome.RELEASE)
        .map(Decision::tag)
        .toList();
  }

  private boolean graceOver(Instant stoppedAt, Instant now) {
    return stoppedAt != null && now.isAfter(stoppedAt.plus(grace));
  }

  private List<String> ownTags(Image image) {
    return image.tags().stream().filter(tags::isOwn).toList();
  }

  private List<String> otherTags(Image image) {
    return image.tags().stream().filter(t -> !tags.isOwn(t)).toList();
  }

  private static Set<String> expired(Evaluation evaluation) {
    Set<String> digests = new HashSet<>();
    for (ImageAction action : evaluation.actions()) {
      if (action.type() == ActionType.EXPIRE) {
        digests.add(action.image().digest());
      }
    }
    return digests;
  }
}
