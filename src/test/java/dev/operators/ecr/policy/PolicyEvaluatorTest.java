package dev.operators.ecr.policy;

import static dev.operators.ecr.policy.PolicyExamples.NOW;
import static dev.operators.ecr.policy.PolicyExamples.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The evaluator reproduces docs/ecr-semantics.md §2.4 and §2.6, and the choices of §2.5. */
class PolicyEvaluatorTest {

  private static final Duration DAY = Duration.ofDays(1);

  private static Evaluation evaluate(String policy, List<Image> images) {
    return PolicyEvaluator.evaluate(LifecyclePolicy.parse(policy), images, NOW);
  }

  private static Set<String> acted(Evaluation evaluation) {
    return evaluation.actions().stream().map(a -> a.image().digest()).collect(Collectors.toSet());
  }

  private static Map<String, Integer> ruleByImage(Evaluation evaluation) {
    return evaluation.actions().stream()
        .collect(Collectors.toMap(a -> a.image().digest(), ImageAction::rulePriority));
  }

  private static String rule(int priority, String selection, String action) {
    return "{\"rulePriority\":"
        + priority
        + ",\"selection\":{"
        + selection.replace('\'', '"')
        + "},\"action\":"
        + action.replace('\'', '"')
        + "}";
  }

  private static String policy(String... rules) {
    return "{\"rules\":[" + String.join(",", rules) + "]}";
  }

  private static final String EXPIRE = "{'type':'expire'}";
  private static final String TRANSITION = "{'type':'transition','targetStorageClass':'archive'}";

  @Test
  void everyDocumentedExampleExpiresTheDocumentedImages() {
    for (PolicyExamples.Example example : PolicyExamples.WORKED) {
      Evaluation evaluation = evaluate(example.policy(), example.images());
      assertEquals(example.expired(), acted(evaluation), example.name());
      assertEquals(example.expired().size(), evaluation.expiring(), example.name());
    }
  }

  @Test
  void eachImageOfAllImagesExampleBIsExpiredByTheDocumentedRule() {
    PolicyExamples.Example example = PolicyExamples.WORKED.get(5);
    assertEquals("all images B", example.name());
    assertEquals(
        Map.of("A", 1, "B", 2, "D", 3), ruleByImage(evaluate(example.policy(), example.images())));
  }

  @Test
  void imagesProtectedByEarlierRulesStillCountForLaterOnes() {
    // All-images example B with D newer than E: rule 3 keeps D, and E is protected by rule 2.
    PolicyExamples.Example example = PolicyExamples.WORKED.get(5);
    List<Image> images =
        example.images().stream()
            .map(i -> i.digest().equals("D") ? image("D", DAY.minusMinutes(1), "git hash") : i)
            .toList();
    assertEquals(Set.of("A", "B"), acted(evaluate(example.policy(), images)));
  }

  @Test
  void protectionIsBySelectionNotByOutcome() {
    // Multiple-rules example A: rule 1 keeps B, and rule 2 may still not expire it.
    PolicyExamples.Example example = PolicyExamples.WORKED.get(0);
    assertEquals(Map.of("A", 1), ruleByImage(evaluate(example.policy(), example.images())));
  }

  @Test
  void olderThanNDaysIsStrict() {
    String policy =
        policy(
            rule(
                1,
                "'tagStatus':'any','countType':'sinceImagePushed','countUnit':'days','countNumber':3",
                EXPIRE));
    List<Image> images =
        List.of(
            image("exactly", Duration.ofDays(3)),
            image("older", Duration.ofDays(3).plusNanos(1)),
            image("newer", Duration.ofDays(3).minusSeconds(1)));
    assertEquals(Set.of("older"), acted(evaluate(policy, images)));
  }

  @Test
  void pushAgeOfARestoredImageCountsFromItsRestore() {
    String policy =
        policy(
            rule(
                1,
                "'tagStatus':'any','countType':'sinceImagePushed','countUnit':'days','countNumber':30",
                EXPIRE));
    Instant longAgo = NOW.minus(Duration.ofDays(400));
    List<Image> images =
        List.of(
            new Image(
                "restored", List.of(), longAgo, null, StorageClass.STANDARD, null, NOW.minus(DAY)),
            new Image("old", List.of(), longAgo, null, StorageClass.STANDARD, null, null));
    assertEquals(Set.of("old"), acted(evaluate(policy, images)));
  }

  @Test
  void aRestoredImageCountsAsNewForImageCount() {
    String policy =
        policy(
            rule(1, "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1", EXPIRE));
    List<Image> images =
        List.of(
            new Image(
                "restored",
                List.of(),
                NOW.minus(Duration.ofDays(400)),
                null,
                StorageClass.STANDARD,
                null,
                NOW.minus(DAY)),
            image("recent", Duration.ofDays(2)));
    assertEquals(Set.of("recent"), acted(evaluate(policy, images)));
  }

  @Test
  void lastPullFallsBackToRestoreThenPush() {
    String policy =
        policy(
            rule(
                1,
                "'tagStatus':'any','countType':'sinceImagePulled','countUnit':'days','countNumber':90",
                TRANSITION));
    Instant old = NOW.minus(Duration.ofDays(200));
    Instant recent = NOW.minus(Duration.ofDays(10));
    List<Image> images =
        List.of(
            new Image("pulled-recently", List.of(), old, recent, StorageClass.STANDARD, null, null),
            new Image("pulled-long-ago", List.of(), old, old, StorageClass.STANDARD, null, null),
            new Image("never-pulled-old", List.of(), old, null, StorageClass.STANDARD, null, null),
            new Image(
                "never-pulled-new", List.of(), recent, null, StorageClass.STANDARD, null, null),
            new Image(
                "restored-not-pulled", List.of(), old, null, StorageClass.STANDARD, null, recent),
            new Image(
                "pulled-before-archiving-restored-since",
                List.of(),
                old,
                old,
                StorageClass.STANDARD,
                null,
                recent));
    Evaluation evaluation = evaluate(policy, images);
    assertEquals(Set.of("pulled-long-ago", "never-pulled-old"), acted(evaluation));
    assertEquals(2, evaluation.transitioning());
    assertEquals(0, evaluation.expiring());
  }

  @Test
  void timeInArchiveCountsFromArchiving() {
    String policy =
        policy(
            rule(
                1,
                "'tagStatus':'any','storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':90",
                EXPIRE));
    Instant pushed = NOW.minus(Duration.ofDays(500));
    List<Image> images =
        List.of(
            new Image(
                "archived-long-ago",
                List.of(),
                pushed,
                null,
                StorageClass.ARCHIVE,
                NOW.minus(Duration.ofDays(91)),
                null),
            new Image(
                "archived-recently",
                List.of(),
                pushed,
                null,
                StorageClass.ARCHIVE,
                NOW.minus(Duration.ofDays(89)),
                null),
            new Image(
                "archived-no-date", List.of(), pushed, null, StorageClass.ARCHIVE, null, null),
            new Image("standard", List.of(), pushed, null, StorageClass.STANDARD, null, null));
    assertEquals(Set.of("archived-long-ago"), acted(evaluate(policy, images)));
  }

  @Test
  void storageClassesAreEvaluatedApart() {
    // The combined archive example: every image matches rule 1's "any", yet rule 2 acts on
    // archived images because protection stays within a storage class.
    String policy = PolicyExamples.POLICY_ONLY.get(4);
    Instant old = NOW.minus(Duration.ofDays(400));
    List<Image> images =
        List.of(
            new Image("idle", List.of("v1"), old, null, StorageClass.STANDARD, null, null),
            new Image("busy", List.of("v2"), old, NOW, StorageClass.STANDARD, null, null),
            new Image(
                "archived",
                List.of("v0"),
                old,
                null,
                StorageClass.ARCHIVE,
                NOW.minus(Duration.ofDays(200)),
                null));
    Evaluation evaluation = evaluate(policy, images);
    assertEquals(Map.of("idle", 1, "archived", 2), ruleByImage(evaluation));
    assertEquals(1, evaluation.transitioning());
    assertEquals(1, evaluation.expiring());
  }

  @Test
  void imagesOfAnotherStorageClassAreNotCounted() {
    String policy =
        policy(
            rule(1, "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1", EXPIRE));
    List<Image> images =
        List.of(
            new Image("archived-newer", List.of(), NOW, null, StorageClass.ARCHIVE, NOW, null),
            image("only-standard", Duration.ofDays(30)));
    assertEquals(Set.of(), acted(evaluate(policy, images)));
  }

  @Test
  void imagesPushedAtTheSameInstantAreOrderedByDigest() {
    String policy =
        policy(
            rule(1, "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1", EXPIRE));
    List<Image> images = List.of(image("b", DAY), image("a", DAY), image("c", DAY));
    assertEquals(Set.of("b", "c"), acted(evaluate(policy, images)));
  }

  @Test
  void tagMatchingFollowsTheDocumentation() {
    String policy =
        policy(
            rule(
                1,
                "'tagStatus':'tagged','tagPatternList':['prod'],'countType':'imageCountMoreThan','countNumber':1",
                EXPIRE),
            rule(
                2,
                "'tagStatus':'tagged','tagPatternList':['*prod*'],'countType':'imageCountMoreThan','countNumber':1",
                EXPIRE));
    List<Image> images =
        List.of(
            image("exact-new", Duration.ofDays(1), "prod"),
            image("exact-old", Duration.ofDays(2), "prod"),
            image("prefixed-old", Duration.ofDays(3), "prod1"),
            image("inside-newest", Duration.ofHours(1), "repo-production"),
            image("other-case", Duration.ofDays(5), "PROD"));
    // Rule 1 matches only the tag "prod"; rule 2 keeps the newest "*prod*" image (inside-newest)
    // and may not touch exact-new, which rule 1 selects.
    assertEquals(Map.of("exact-old", 1, "prefixed-old", 2), ruleByImage(evaluate(policy, images)));
  }

  @Test
  void resultsAreListedByRuleThenOldestFirst() {
    PolicyExamples.Example example = PolicyExamples.WORKED.get(5);
    List<ImageAction> actions = evaluate(example.policy(), example.images()).actions();
    assertEquals(List.of("A", "B", "D"), actions.stream().map(a -> a.image().digest()).toList());
    PolicyExamples.Example keepOne = PolicyExamples.WORKED.get(4);
    assertEquals(
        List.of("A", "B", "C"),
        evaluate(keepOne.policy(), keepOne.images()).actions().stream()
            .map(a -> a.image().digest())
            .toList());
  }

  @Test
  void imagesMustBeIdentifiable() {
    LifecyclePolicy policy = LifecyclePolicy.parse(PolicyExamples.WORKED.get(4).policy());
    List<Image> twice = List.of(image("a", DAY), image("a", Duration.ofDays(2)));
    assertThrows(
        IllegalArgumentException.class, () -> PolicyEvaluator.evaluate(policy, twice, NOW));
    List<Image> undated = List.of(Image.pushed("a", List.of(), null));
    assertThrows(
        IllegalArgumentException.class, () -> PolicyEvaluator.evaluate(policy, undated, NOW));
  }
}
