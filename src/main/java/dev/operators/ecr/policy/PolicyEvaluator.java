package dev.operators.ecr.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which images a policy expires or archives at a given moment, as ECR does
 * (docs/ecr-semantics.md §2.4, [INFERRED] there from every documented example).
 *
 * <p>Choices where ECR's documentation is silent (§2.5):
 *
 * <ul>
 *   <li>"Older than N days" is strict and counts 24-hour periods: an image acts when its time is
 *       before {@code now - N * 24h}; exactly N days old is not enough.
 *   <li>An image's push time is {@code lastActivatedAt} when it was restored from archive, else
 *       {@code pushedAt} (§E8); it orders images for {@code imageCountMoreThan} and ages them for
 *       {@code sinceImagePushed}.
 *   <li>Images pushed at the same instant are ordered by digest: the smaller digest counts as the
 *       newer. The result never depends on the order the images are given in.
 *   <li>{@code sinceImagePulled} ages an image from its latest activity: last pull, restore from
 *       archive, or push. A pull before archiving does not count once the image is restored (§E10:
 *       "restored and not pulled since uses last_activated_at").
 *   <li>{@code sinceImageTransitioned} never acts on an image without {@code archivedAt}.
 *   <li>Manifest lists and referrers (§E6, §E7) are not modelled: {@link Image} does not carry
 *       them.
 * </ul>
 */
public final class PolicyEvaluator {
  private static final Comparator<Image> NEWEST_FIRST =
      Comparator.comparing(PolicyEvaluator::pushTime).reversed().thenComparing(Image::digest);

  /** By rule, then oldest first, the order in which ECR expires images. */
  private static final Comparator<ImageAction> REPORT_ORDER =
      Comparator.comparingInt(ImageAction::rulePriority)
          .thenComparing(a -> pushTime(a.image()))
          .thenComparing(a -> a.image().digest());

  private PolicyEvaluator() {}

  /**
   * @throws IllegalArgumentException when an image has no digest or push time, or two images share
   *     a digest
   */
  public static Evaluation evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now) {
    List<LifecyclePolicy.Rule> rules = policy.rules();
    // One bit per rule in the masks below; PolicyValidator.MAX_RULES keeps this within a long.
    CompiledRule[] compiled =
        rules.stream().map(r -> new CompiledRule(r, now)).toArray(CompiledRule[]::new);
    int[] counted = new int[rules.size()];
    List<ImageAction> actions = new ArrayList<>();
    for (Image image : newestFirst(images)) {
      // Only the first rule that selects an image can act on it: each later rule of its storage
      // class is kept off by that rule's selection (§E3; §2.5, [INFERRED]: only rules of the
      // same storage class protect), and no earlier rule selects it.
      // Later rules still count it if they keep a number of images (§E4).
      int first = -1;
      long counting = 0;
      for (int i = 0; i < compiled.length; i++) {
        boolean needed = first < 0 || compiled[i].countsImages();
        if (needed && compiled[i].selects(image)) {
          first = first < 0 ? i : first;
          counting |= compiled[i].countsImages() ? 1L << i : 0;
        }
      }
      if (first < 0) {
        continue;
      }
      if (compiled[first].acts(image, counted[first])) {
        LifecyclePolicy.Rule rule = rules.get(first);
        actions.add(new ImageAction(image, rule.action(), rule.priority()));
      }
      for (long bits = counting; bits != 0; bits &= bits - 1) {
        counted[Long.numberOfTrailingZeros(bits)]++;
      }
    }
    actions.sort(REPORT_ORDER);
    return new Evaluation(actions);
  }

  private static List<Image> newestFirst(Collection<Image> images) {
    Set<String> digests = new HashSet<>();
    for (Image image : images) {
      if (image.digest() == null || image.pushedAt() == null) {
        throw new IllegalArgumentException("every image needs a digest and pushedAt: " + image);
      }
      if (!digests.add(image.digest())) {
        throw new IllegalArgumentException("two images have the digest " + image.digest());
      }
    }
    List<Image> sorted = new ArrayList<>(images);
    sorted.sort(NEWEST_FIRST);
    return sorted;
  }

  private static Instant pushTime(Image image) {
    return image.lastActivatedAt() != null ? image.lastActivatedAt() : image.pushedAt();
  }

  private static Instant lastActivity(Image image) {
    Instant latest = pushTime(image);
    if (image.lastPulledAt() != null && image.lastPulledAt().isAfter(latest)) {
      latest = image.lastPulledAt();
    }
    return latest;
  }

  /** A rule ready to test images: patterns compiled, age limit turned into a cut-off instant. */
  private static final class CompiledRule {
    private final LifecyclePolicy.Selection selection;
    private final TagPattern[] patterns;
    private final Instant cutoff;

    CompiledRule(LifecyclePolicy.Rule rule, Instant now) {
      this.selection = rule.selection();
      this.patterns =
          selection.tagPatterns().stream().map(TagPattern::new).toArray(TagPattern[]::new);
      this.cutoff =
          selection.countType().isAge()
              ? now.minus(Duration.ofDays(selection.countNumber()))
              : null;
    }

    boolean countsImages() {
      return selection.countType() == CountType.IMAGE_COUNT_MORE_THAN;
    }

    /**
     * docs/ecr-semantics.md §2.3: every prefix or pattern must match at least one of the image's
     * tags; a rule selects only images of its storage class ([INFERRED], "any" included).
     */
    boolean selects(Image image) {
      if (image.storageClass() != selection.storageClass()) {
        return false;
      }
      List<String> tags = image.tags();
      return switch (selection.tagStatus()) {
        case ANY -> true;
        case UNTAGGED -> tags.isEmpty();
        case TAGGED -> everyPrefixMatches(tags) && everyPatternMatches(tags);
      };
    }

    // Plain loops: this runs for every image and rule.
    private boolean everyPrefixMatches(List<String> tags) {
      for (String prefix : selection.tagPrefixes()) {
        boolean found = false;
        for (int i = 0; i < tags.size() && !found; i++) {
          found = tags.get(i).startsWith(prefix);
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }

    private boolean everyPatternMatches(List<String> tags) {
      for (TagPattern pattern : patterns) {
        boolean found = false;
        for (int i = 0; i < tags.size() && !found; i++) {
          found = pattern.matches(tags.get(i));
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }

    /**
     * @param newer how many images this rule selected that are newer than {@code image}
     */
    boolean acts(Image image, int newer) {
      return switch (selection.countType()) {
        case IMAGE_COUNT_MORE_THAN -> newer >= selection.countNumber();
        case SINCE_IMAGE_PUSHED -> pushTime(image).isBefore(cutoff);
        case SINCE_IMAGE_PULLED -> lastActivity(image).isBefore(cutoff);
        case SINCE_IMAGE_TRANSITIONED ->
            image.archivedAt() != null && image.archivedAt().isBefore(cutoff);
      };
    }
  }
}
