package dev.operators.ecr.policy;

import static dev.operators.ecr.policy.Documents.KEEP_ONE_UNTAGGED;
import static dev.operators.ecr.policy.Documents.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.operators.ecr.policy.ProtectionRelease.Decision;
import dev.operators.ecr.policy.ProtectionRelease.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When this cluster's protection tags come off (docs/design.md, "Keep what runs"). */
class ProtectionReleaseTest {
  private static final ProtectionTags TAGS = ProtectionTags.of("prod");
  private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
  private static final Duration GRACE = Duration.ofHours(24);
  private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(3));

  private static final String KEEP_TWO_OF_ANY =
      "{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan',"
          + "'countNumber':2},'action':{'type':'expire'}}";

  private final List<Image> images = new ArrayList<>();
  private final Map<String, Instant> outOfUseSince = new HashMap<>();

  private static String digest(int n) {
    return String.format("sha256:%064x", n);
  }

  /** Image n, pushed n days ago, with these tags, {@code "*"} standing for its protection tag. */
  private void image(int n, String... tags) {
    List<String> list = new ArrayList<>();
    for (String tag : tags) {
      list.add(tag.equals("*") ? TAGS.tagFor(digest(n)) : tag);
    }
    images.add(Image.pushed(digest(n), list, NOW.minus(Duration.ofDays(n))));
  }

  private List<Decision> decide(String userPolicy, Set<String> inUse) {
    return new ProtectionRelease(LifecyclePolicy.parse(userPolicy), TAGS, GRACE)
        .decide(images, inUse, outOfUseSince, NOW);
  }

  private static Decision decision(int n, Outcome outcome) {
    return new Decision(digest(n), TAGS.tagFor(digest(n)), outcome);
  }

  @Test
  void anUntaggedImageIsReleasedOnlyWhenTheUsersPolicyWouldExpireIt() {
    // Removing its only tag deletes it. Under "keep one untagged image", image 1, newer and
    // untagged, stays; image 3 is older, so the user's policy expires it, and the release may.
    image(1);
    image(3, "*");
    outOfUseSince.put(digest(3), LONG_AGO);

    assertEquals(
        List.of(decision(3, Outcome.RELEASE)), decide(policy(KEEP_ONE_UNTAGGED), Set.of()));
  }

  @Test
  void theNewestUntaggedImageKeepsItsOnlyTag() {
    // The protected image is the newest untagged one: the user's policy keeps it, so removing its
    // last tag, which would delete it, waits.
    image(1, "*");
    image(3);
    outOfUseSince.put(digest(1), LONG_AGO);

    assertEquals(
        List.of(decision(1, Outcome.KEPT_BY_POLICY)), decide(policy(KEEP_ONE_UNTAGGED), Set.of()));
  }

  @Test
  void anImageWithAnotherTagIsReleasedWhateverThePolicy() {
    // Removing the protection tag leaves "v1": the image stays, and the user's policy then judges
    // it as any other.
    image(1, "v1", "*");
    outOfUseSince.put(digest(1), LONG_AGO);

    assertEquals(
        List.of(decision(1, Outcome.RELEASE)),
        decide(policy(Documents.keepTagged(1, "'v*'", 5)), Set.of()));
  }

  @Test
  void anImageInUseOrInItsGraceKeepsItsTag() {
    image(1, "*");
    image(2, "*");
    image(3, "*");
    image(4, "*");
    image(0);
    outOfUseSince.put(digest(2), NOW.minus(GRACE).plusSeconds(1));
    outOfUseSince.put(digest(3), NOW.minus(GRACE)); // exactly the grace: not longer than it
    // digest(4) stopped at a time not recorded: counted from now

    assertEquals(
        List.of(
            decision(1, Outcome.IN_USE),
            decision(2, Outcome.IN_GRACE),
            decision(3, Outcome.IN_GRACE),
            decision(4, Outcome.IN_GRACE)),
        decide(policy(KEEP_ONE_UNTAGGED), Set.of(digest(1))));

    outOfUseSince.put(digest(3), NOW.minus(GRACE).minusSeconds(1));
    assertEquals(
        Outcome.RELEASE, decide(policy(KEEP_ONE_UNTAGGED), Set.of(digest(1))).get(2).outcome());
  }

  @Test
  void anotherClustersProtectionTagIsLeftAloneAndCountsAsATagTheImageKeeps() {
    String staging = ProtectionTags.of("staging").tagFor(digest(1));
    image(1, staging, "*");
    image(2, staging);
    outOfUseSince.put(digest(1), LONG_AGO);
    outOfUseSince.put(digest(2), LONG_AGO);

    List<Decision> decisions = decide(policy(KEEP_ONE_UNTAGGED), Set.of());

    assertEquals(List.of(decision(1, Outcome.RELEASE)), decisions);
    assertEquals(List.of(TAGS.tagFor(digest(1))), ProtectionRelease.releasable(decisions));
  }

  @Test
  void aCountRuleOverAnyStillCountsTheProtectedImages() {
    // Keep the two newest images of any kind. Image 1, in use and protected, is one of them, so
    // image 3 is third and the user's policy expires it: its release may delete it. Were image 1
    // not counted, image 3 would be second and kept.
    image(1, "*");
    image(2, "v2");
    image(3, "*");
    outOfUseSince.put(digest(3), LONG_AGO);

    assertEquals(
        List.of(decision(1, Outcome.IN_USE), decision(3, Outcome.RELEASE)),
        decide(policy(KEEP_TWO_OF_ANY), Set.of(digest(1))));
    assertEquals(
        List.of(decision(1, Outcome.IN_USE), decision(3, Outcome.KEPT_BY_POLICY)),
        decide(
            policy(KEEP_TWO_OF_ANY.replace("'countNumber':2", "'countNumber':3")),
            Set.of(digest(1))));
  }

  @Test
  void twoUntaggedImagesDueAtOnceAreJudgedTogether() {
    // Keep one untagged image. Judged alone, each would be the only untagged image and stay
    // protected for ever; judged together the older goes and the newer stays, as the user's
    // policy has it.
    image(1, "*");
    image(2, "*");
    outOfUseSince.put(digest(1), LONG_AGO);
    outOfUseSince.put(digest(2), LONG_AGO);

    assertEquals(
        List.of(decision(1, Outcome.KEPT_BY_POLICY), decision(2, Outcome.RELEASE)),
        decide(policy(KEEP_ONE_UNTAGGED), Set.of()));
  }

  @Test
  void anImageThePolicyWouldArchiveKeepsItsOnlyTag() {
    // Removing its last tag would delete an image the user's policy only moves to archive.
    image(40, "*");
    outOfUseSince.put(digest(40), LONG_AGO);
    String archiveUntagged =
        "{'rulePriority':1,'selection':{'tagStatus':'untagged','countType':'sinceImagePushed',"
            + "'countUnit':'days','countNumber':30},"
            + "'action':{'type':'transition','targetStorageClass':'archive'}}";

    assertEquals(
        List.of(decision(40, Outcome.KEPT_BY_POLICY)), decide(policy(archiveUntagged), Set.of()));
    assertEquals(
        List.of(decision(40, Outcome.RELEASE)),
        decide(
            policy(
                archiveUntagged.replace("'transition','targetStorageClass':'archive'", "'expire'")),
            Set.of()));
  }

  @Test
  void imagesWithoutThisClustersTagsHaveNoDecision() {
    image(1, "v1");
    image(2);
    outOfUseSince.put(digest(1), LONG_AGO);

    assertEquals(List.of(), decide(policy(KEEP_ONE_UNTAGGED), Set.of()));
  }

  @Test
  void theGracePeriodIsNotNegative() {
    LifecyclePolicy user = LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ProtectionRelease(user, TAGS, Duration.ofSeconds(-1)));
  }
}
