package dev.operators.ecr.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.ActionType;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.ImageAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InUseGuardTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final String REPOSITORY = "team/api";
  private static final Instant PUSHED = Instant.parse("2026-01-01T00:00:00Z");

  private static final Image KEPT = image('a', "v3");
  private static final Image OLD = image('b', "v2");
  private static final Image OLDER = image('c', "v1");
  private static final Image STALE = image('d', "cache");
  private static final Image UNTAGGED = image('e');

  private static final Workload API = new Workload("Deployment", "team", "api", "u1");
  private static final Workload API_POD = new Workload("Pod", "team", "api-7d9f", "u2");
  private static final Workload JOB = new Workload("Pod", "batch", "nightly", "u3");
  private static final Workload WEB = new Workload("Deployment", "team", "web", "u4");

  // Two expired, two archived: one of each not in use.
  private static final Evaluation EVALUATION =
      new Evaluation(
          List.of(
              new ImageAction(OLD, ActionType.EXPIRE, 1),
              new ImageAction(OLDER, ActionType.EXPIRE, 1),
              new ImageAction(STALE, ActionType.TRANSITION, 2),
              new ImageAction(UNTAGGED, ActionType.TRANSITION, 2)));
  private static final List<Image> IMAGES = List.of(KEPT, OLD, OLDER, STALE, UNTAGGED);

  @Test
  void aTagInUseIsResolvedToTheImageThatCarriesIt() {
    ImagesAtRisk risk = assess(Map.of(byTag("v2"), List.of(API)));

    assertEquals(
        new ImagesAtRisk(1, 0, List.of(OLD.digest()), List.of("Deployment team/api")), risk);
  }

  @Test
  void twoImagesOfOnePodAreBothCountedAndThePodNamedOnce() {
    ImagesAtRisk risk =
        assess(Map.of(byTag("v2"), List.of(API_POD), byDigest(OLDER), List.of(API_POD)));

    assertEquals(2, risk.expiring());
    assertEquals(List.of(OLD.digest(), OLDER.digest()), risk.digests());
    assertEquals(List.of("Pod team/api-7d9f"), risk.workloads());
  }

  @Test
  void anImageUsedByTagAndByDigestCountsOnce() {
    ImagesAtRisk risk = assess(Map.of(byTag("v2"), List.of(API), byDigest(OLD), List.of(API_POD)));

    assertEquals(1, risk.expiring());
    assertEquals(List.of("Deployment team/api", "Pod team/api-7d9f"), risk.workloads());
  }

  @Test
  void archiveTransitionsAreCountedApartFromExpiry() {
    ImagesAtRisk risk = assess(Map.of(byTag("v1"), List.of(API), byDigest(STALE), List.of(JOB)));

    assertEquals(1, risk.expiring());
    assertEquals(1, risk.archiving());
    assertEquals(List.of(OLDER.digest(), STALE.digest()), risk.digests());
    // A Pod in another namespace than the resource's uses the repository too.
    assertEquals(List.of("Deployment team/api", "Pod batch/nightly"), risk.workloads());
  }

  @Test
  void imagesThePolicyKeepsAreNotAtRisk() {
    ImagesAtRisk risk = assess(Map.of(byTag("v3"), List.of(WEB), byDigest(KEPT), List.of(API)));

    assertEquals(ImagesAtRisk.NONE, risk);
    assertFalse(risk.any());
  }

  @Test
  void aTagNoImageCarriesIsNotAtRisk() {
    ImagesAtRisk risk = assess(Map.of(byTag("gone"), List.of(WEB)));

    assertEquals(ImagesAtRisk.NONE, risk);
  }

  @Test
  void theStatusShowsTheFirstDigestsAndWorkloadsAndCountsThemAll() {
    List<Image> many = IntStream.range(0, 12).mapToObj(i -> image((char) ('a' + i))).toList();
    Evaluation all =
        new Evaluation(many.stream().map(i -> new ImageAction(i, ActionType.EXPIRE, 1)).toList());
    Map<EcrImage, List<Workload>> inUse = new java.util.HashMap<>();
    for (int i = 0; i < many.size(); i++) {
      inUse.put(
          byDigest(many.get(i)),
          List.of(new Workload("Pod", "team", "p" + (char) ('a' + i), "u" + i)));
    }

    ImagesAtRisk risk = InUseGuard.assess(all, many, inUse);

    assertEquals(12, risk.expiring());
    assertTrue(risk.any());
    assertEquals(
        many.subList(0, InUseGuard.DIGESTS_SHOWN).stream().map(Image::digest).toList(),
        risk.digests());
    assertEquals(InUseGuard.WORKLOADS_SHOWN, risk.workloads().size());
    assertEquals("Pod team/pa", risk.workloads().get(0));
  }

  private static ImagesAtRisk assess(Map<EcrImage, List<Workload>> inUse) {
    return InUseGuard.assess(EVALUATION, IMAGES, inUse);
  }

  private static Image image(char digit, String... tags) {
    return new Image(
        "sha256:" + String.valueOf(digit).repeat(64),
        List.of(tags),
        PUSHED,
        null,
        null,
        null,
        null);
  }

  private static EcrImage byTag(String tag) {
    return new EcrImage(ACCOUNT, REGION, REPOSITORY, tag, null);
  }

  private static EcrImage byDigest(Image image) {
    return new EcrImage(ACCOUNT, REGION, REPOSITORY, null, image.digest());
  }
}
