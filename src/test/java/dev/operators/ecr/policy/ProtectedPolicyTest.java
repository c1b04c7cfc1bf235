package dev.operators.ecr.policy;

import static dev.operators.ecr.policy.Documents.KEEP_ONE_UNTAGGED;
import static dev.operators.ecr.policy.Documents.keepTagged;
import static dev.operators.ecr.policy.Documents.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The policy the operator applies: the protection rule first, the user's rules after it. */
class ProtectedPolicyTest {
  private static final ProtectionTags TAGS = ProtectionTags.of("prod");
  private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

  private static ProtectedPolicy protect(String document) {
    return ProtectedPolicy.of(LifecyclePolicy.parse(document), TAGS);
  }

  private static String digest(int n) {
    return String.format("sha256:%064x", n);
  }

  @Test
  void theProtectionRuleComesFirstAndTheUsersRulesKeepTheirOrder() {
    ProtectedPolicy applied =
        protect(
            policy(
                keepTagged(10, "'release-*'", 5),
                KEEP_ONE_UNTAGGED.replace("'rulePriority':1", "'rulePriority':3"),
                "{'rulePriority':40,'selection':{'tagStatus':'any','countType':'sinceImagePushed',"
                    + "'countUnit':'days','countNumber':90},'action':{'type':'expire'}}"));

    assertEquals(List.of(), applied.problems());
    assertEquals(List.of(), applied.warnings());
    LifecyclePolicy policy = applied.policy().orElseThrow();
    assertEquals(
        List.of(1, 4, 11, 41),
        policy.rules().stream().map(LifecyclePolicy.Rule::priority).toList());
    LifecyclePolicy.Rule protection = policy.rules().get(0);
    assertEquals(
        new LifecyclePolicy.Selection(
            TagStatus.TAGGED,
            List.of(),
            List.of("ecr-operator.keep.prod.*"),
            StorageClass.STANDARD,
            CountType.IMAGE_COUNT_MORE_THAN,
            ProtectedPolicy.PROTECTION_COUNT),
        protection.selection());
    assertEquals(ActionType.EXPIRE, protection.action());
    assertEquals(TagStatus.UNTAGGED, policy.rules().get(1).selection().tagStatus());
    assertEquals(List.of("release-*"), policy.rules().get(2).selection().tagPatterns());
    assertEquals(TagStatus.ANY, policy.rules().get(3).selection().tagStatus());
    assertEquals(11, ProtectedPolicy.appliedPriority(10));
  }

  @Test
  void theProtectionCountIsFarAboveTheImagesARepositoryHolds() {
    // docs/ecr-semantics.md §3.7: 100,000 images per repository by default.
    assertTrue(ProtectedPolicy.PROTECTION_COUNT >= 1000 * 100_000);
  }

  @Test
  void theAppliedPolicyIsWhatEcrWouldBeSentAndPassesTheValidator() {
    LifecyclePolicy applied = protect(policy(KEEP_ONE_UNTAGGED)).policy().orElseThrow();

    assertEquals(List.of(), PolicyValidator.validate(applied.canonical().ecrJson()));
    assertEquals(applied, LifecyclePolicy.parse(applied.canonical().ecrJson()));
    assertTrue(
        applied
            .canonical()
            .ecrJson()
            .startsWith(
                "{\"rules\":[{\"rulePriority\":1,\"description\":\"ecr-operator: keep the images in use"
                    + " in this cluster\",\"selection\":{\"tagStatus\":\"tagged\",\"tagPatternList\":"
                    + "[\"ecr-operator.keep.prod.*\"],\"countType\":\"imageCountMoreThan\","
                    + "\"countNumber\":1000000000},\"action\":{\"type\":\"expire\"}},"
                    + "{\"rulePriority\":2,"),
        applied.canonical().ecrJson());
  }

  @Test
  void imagesInUseAreKeptAndTheUsersRulesActOnTheOthersAsBefore() {
    // Keep one untagged image: the in-use one, older, would go; protected, it is tagged and kept,
    // and the user's rule keeps one of the others (docs/design.md, "What changes for other
    // images").
    LifecyclePolicy user = LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED));
    List<Image> images =
        IntStream.rangeClosed(1, 4)
            .mapToObj(i -> Image.pushed(digest(i), List.of(), NOW.minus(Duration.ofDays(10 - i))))
            .toList();
    Set<String> inUse = Set.of(digest(2));

    Evaluation unprotected = PolicyEvaluator.evaluate(user, images, NOW);
    Evaluation applied =
        PolicyEvaluator.evaluate(
            ProtectedPolicy.of(user, TAGS).policy().orElseThrow(),
            TAGS.protect(images, inUse),
            NOW);

    assertEquals(Set.of(digest(1), digest(2), digest(3)), digests(unprotected));
    assertEquals(Set.of(digest(1), digest(3)), digests(applied));
    assertTrue(applied.actions().stream().allMatch(a -> a.rulePriority() == 2));
  }

  @Test
  void aCountRuleOverAnyStillCountsTheProtectedImages() {
    // Keep the 2 newest images of any kind: the protected newest one is one of them
    // (docs/ecr-semantics.md §E4), so one other is kept and the two oldest go. Were it not
    // counted, only the oldest would go.
    LifecyclePolicy user =
        LifecyclePolicy.parse(
            policy(
                "{'rulePriority':1,'selection':{'tagStatus':'any','countType':'imageCountMoreThan',"
                    + "'countNumber':2},'action':{'type':'expire'}}"));
    List<Image> images =
        IntStream.rangeClosed(1, 4)
            .mapToObj(i -> Image.pushed(digest(i), List.of("v" + i), NOW.minus(Duration.ofDays(i))))
            .toList();

    Evaluation applied =
        PolicyEvaluator.evaluate(
            ProtectedPolicy.of(user, TAGS).policy().orElseThrow(),
            TAGS.protect(images, Set.of(digest(1))),
            NOW);

    assertEquals(Set.of(digest(3), digest(4)), digests(applied));
  }

  @Test
  void fiftyRulesLeaveNoRoomForTheProtectionRule() {
    List<String> rules = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      rules.add(keepTagged(i, "'team-" + i + "-*'", 3));
    }
    ProtectedPolicy applied = protect(policy(rules.toArray(String[]::new)));

    assertTrue(applied.policy().isEmpty());
    assertEquals(
        List.of(
            new PolicyProblem(
                "rules",
                "has 50 rules, and ECR takes at most 50 (docs/ecr-semantics.md §V17): keeping the"
                    + " images in use needs one more, so merge two rules or do not protect images"
                    + " in use")),
        applied.problems());

    rules.remove(49);
    assertEquals(List.of(), protect(policy(rules.toArray(String[]::new))).problems(), "49 fit");
  }

  @Test
  void theLargestPriorityCannotMoveUp() {
    ProtectedPolicy applied = protect(policy(keepTagged(Integer.MAX_VALUE, "'v*'", 3)));

    assertTrue(applied.policy().isEmpty());
    assertEquals(
        List.of("rules[rulePriority=2147483647].rulePriority"),
        applied.problems().stream().map(PolicyProblem::path).toList());
  }

  @Test
  void aUserRuleWithTheProtectionPatternIsAProblemAndAWarning() {
    ProtectedPolicy applied = protect(policy(keepTagged(1, "'ecr-operator.keep.prod.*'", 3)));

    assertTrue(applied.policy().isEmpty());
    assertEquals(1, applied.problems().size(), applied.problems().toString());
    PolicyProblem problem = applied.problems().get(0);
    assertEquals("rules[rulePriority=1].selection.tagPatternList", problem.path());
    assertTrue(
        problem
            .message()
            .startsWith(
                "with the protection rule added first, has the same tag"
                    + " patterns as the protection rule"),
        problem.message());
    assertEquals(1, applied.warnings().size());
  }

  @Test
  void aPolicyThatWouldBeTooLongWithTheProtectionRuleIsAProblem() {
    // One rule whose description fills ECR's 30,720 characters but for 50
    // (docs/ecr-semantics.md §V18); the protection rule needs more than that.
    String rule = KEEP_ONE_UNTAGGED.replace("'selection'", "'description':'%s','selection'");
    int fixed =
        LifecyclePolicy.parse(policy(String.format(rule, ""))).canonical().ecrJson().length();
    String description = "d".repeat(LifecyclePolicy.MAX_TEXT_LENGTH - fixed - 50);
    String document = policy(String.format(rule, description));
    assertEquals(
        LifecyclePolicy.MAX_TEXT_LENGTH - 33,
        LifecyclePolicy.parse(document).canonical().ecrJson().length());
    ProtectedPolicy applied = protect(document);

    assertTrue(applied.policy().isEmpty());
    assertEquals(1, applied.problems().size(), applied.problems().toString());
    assertTrue(
        applied.problems().get(0).message().contains("characters long as sent to ECR"),
        applied.problems().get(0).message());
  }

  @Test
  void patternsThatMatchProtectionTagsAreWarnings() {
    ProtectedPolicy applied =
        protect(
            policy(
                keepTagged(1, "'v*'", 3),
                keepTagged(2, "'*'", 10),
                keepTagged(3, "'ecr-*', 'release'", 3),
                keepTagged(4, "'*.prod.*f'", 3),
                keepTagged(5, "'*.prod.*g'", 3),
                keepTagged(6, "'*staging*'", 3),
                "{'rulePriority':7,'selection':{'tagStatus':'tagged','tagPrefixList':['ecr-op'],"
                    + "'countType':'sinceImagePushed','countUnit':'days','countNumber':30},"
                    + "'action':{'type':'expire'}}",
                "{'rulePriority':8,'selection':{'tagStatus':'tagged',"
                    + "'tagPrefixList':['ecr-operator.keep.prod.00ff'],"
                    + "'countType':'sinceImagePushed','countUnit':'days','countNumber':30},"
                    + "'action':{'type':'expire'}}",
                "{'rulePriority':9,'selection':{'tagStatus':'tagged',"
                    + "'tagPrefixList':['ecr-operator.keep.prod.00fg'],"
                    + "'countType':'sinceImagePushed','countUnit':'days','countNumber':30},"
                    + "'action':{'type':'expire'}}",
                "{'rulePriority':10,'selection':{'tagStatus':'any','countType':'imageCountMoreThan',"
                    + "'countNumber':100},'action':{'type':'expire'}}"));

    assertEquals(List.of(), applied.problems());
    assertEquals(
        List.of(
            "rules[rulePriority=2].selection.tagPatternList",
            "rules[rulePriority=3].selection.tagPatternList",
            "rules[rulePriority=4].selection.tagPatternList",
            "rules[rulePriority=7].selection.tagPrefixList",
            "rules[rulePriority=8].selection.tagPrefixList"),
        applied.warnings().stream().map(PolicyProblem::path).toList());
    assertEquals(
        "\"*\" also matches this cluster's protection tags (ecr-operator.keep.prod.*), so this rule"
            + " selects every image kept in use: they count among the 10 images it keeps, which"
            + " leaves room for fewer of the others; use a pattern that cannot match them",
        applied.warnings().get(0).message());
    assertEquals(
        "\"ecr-op\" also matches this cluster's protection tags (ecr-operator.keep.prod.*), so"
            + " this rule selects every image kept in use; use a prefix that cannot match them",
        applied.warnings().get(3).message());
  }

  private static Set<String> digests(Evaluation evaluation) {
    return evaluation.actions().stream().map(a -> a.image().digest()).collect(Collectors.toSet());
  }
}
