package dev.operators.ecr.policy;

import static dev.operators.ecr.policy.Documents.KEEP_ONE_UNTAGGED;
import static dev.operators.ecr.policy.Documents.json;
import static dev.operators.ecr.policy.Documents.keepTagged;
import static dev.operators.ecr.policy.Documents.node;
import static dev.operators.ecr.policy.Documents.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each rule of docs/ecr-semantics.md §1.3 accepts what ECR accepts and rejects, at the right path,
 * the rest.
 */
class PolicyValidatorTest {

  private static final String EXPIRE = "{'type':'expire'}";
  private static final String TRANSITION = "{'type':'transition','targetStorageClass':'archive'}";
  private static final String COUNT_ONE = "'countType':'imageCountMoreThan','countNumber':1";
  private static final String OLDER_THAN_30 =
      "'countType':'sinceImagePushed','countUnit':'days','countNumber':30";

  private static String rule(int priority, String selection, String action) {
    return "{'rulePriority':"
        + priority
        + ",'selection':{"
        + selection
        + "},'action':"
        + action
        + "}";
  }

  /** Valid both as a tree and as text. */
  private static void assertValid(String document) {
    assertEquals(List.of(), PolicyValidator.validate(node(document)), document);
    assertEquals(List.of(), PolicyValidator.validate(document), document);
  }

  /** Exactly one problem (checked on the tree, so the text length is not involved). */
  private static void assertProblem(String document, String path, String... fragments) {
    List<PolicyProblem> problems = PolicyValidator.validate(node(document));
    assertEquals(1, problems.size(), () -> document + " gave " + problems);
    assertProblemIn(problems, path, fragments);
  }

  /** Some problem at {@code path} says every fragment (single quotes stand for double). */
  private static void assertProblemIn(
      List<PolicyProblem> problems, String path, String... fragments) {
    List<String> wanted = Stream.of(fragments).map(Documents::json).toList();
    assertTrue(
        problems.stream()
            .anyMatch(
                p -> p.path().equals(path) && wanted.stream().allMatch(p.message()::contains)),
        () -> "no problem at " + path + " saying " + wanted + " in " + problems);
  }

  @Nested
  class V1JsonObject {
    @Test
    void anObjectWithRulesIsValid() {
      assertValid(policy(KEEP_ONE_UNTAGGED));
    }

    @Test
    void textThatIsNotJsonIsReportedAtTheRoot() {
      String text = policy(KEEP_ONE_UNTAGGED).replace("\"action\"", "action");
      List<PolicyProblem> problems = PolicyValidator.validate(text);
      assertEquals(1, problems.size(), problems::toString);
      assertProblemIn(problems, "$", "not valid JSON at line 1, column");
    }

    @Test
    void anArrayIsNotAPolicy() {
      assertProblem("[" + policy(KEEP_ONE_UNTAGGED) + "]", "$", "must be a JSON object", "array");
    }

    @Test
    void emptyTextIsReported() {
      assertProblemIn(PolicyValidator.validate("  "), "$", "empty");
    }

    @Test
    void textAfterThePolicyIsReported() {
      List<PolicyProblem> problems = PolicyValidator.validate(policy(KEEP_ONE_UNTAGGED) + " {}");
      assertEquals(1, problems.size(), problems::toString);
      assertProblemIn(problems, "$", "more text follows");
    }

    @Test
    void duplicateKeysAreNotSilentlyAccepted() {
      String text =
          policy(
              KEEP_ONE_UNTAGGED.replace(
                  "{'rulePriority':1,", "{'rulePriority':1,'rulePriority':2,"));
      List<PolicyProblem> problems = PolicyValidator.validate(text);
      assertEquals(1, problems.size(), problems::toString);
      assertProblemIn(problems, "$", "Duplicate field", "rulePriority", "only once");
    }
  }

  @Nested
  class V2RequiredAndUnknownFields {
    @Test
    void optionalFieldsMayBeLeftOut() {
      assertValid(policy(rule(1, "'tagStatus':'any'," + COUNT_ONE, EXPIRE)));
    }

    @Test
    void rulesAreRequired() {
      assertProblem("{}", "rules", "is required");
    }

    @Test
    void nothingButRulesAtTheTop() {
      assertProblem(
          policy(KEEP_ONE_UNTAGGED).replace("{\"rules\"", "{\"version\":1,\"rules\""),
          "version",
          "unknown field",
          "only have rules");
    }

    @Test
    void rulesMustBeAList() {
      assertProblem(json("{'rules':{}}"), "rules", "must be a list", "object");
    }

    @Test
    void eachRuleMustBeAnObject() {
      assertProblem(policy(KEEP_ONE_UNTAGGED, "7"), "rules[1]", "must be an object", "number");
    }

    @Test
    void selectionAndActionAreRequired() {
      assertProblem(
          policy("{'rulePriority':1,'action':" + EXPIRE + "}"),
          "rules[0].selection",
          "is required");
      assertProblem(
          policy("{'rulePriority':1,'selection':{'tagStatus':'any'," + COUNT_ONE + "}}"),
          "rules[0].action",
          "is required",
          "'type': 'expire'");
    }

    @Test
    void selectionNeedsTagStatusCountTypeAndCountNumber() {
      assertProblem(
          policy(rule(1, COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagStatus",
          "is required",
          "'tagged', 'untagged', 'any'");
      assertProblem(
          policy(rule(1, "'tagStatus':'any','countNumber':1", EXPIRE)),
          "rules[0].selection.countType",
          "is required",
          "'imageCountMoreThan'");
      assertProblem(
          policy(rule(1, "'tagStatus':'any','countType':'imageCountMoreThan'", EXPIRE)),
          "rules[0].selection.countNumber",
          "is required");
    }

    @Test
    void actionNeedsAType() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + COUNT_ONE, "{}")),
          "rules[0].action.type",
          "is required",
          "'expire', 'transition'");
    }

    @Test
    void unknownFieldsAreRejectedAtEveryLevel() {
      assertProblem(
          policy(KEEP_ONE_UNTAGGED.replace("'rulePriority'", "'RulePriority'")),
          "rules[0].RulePriority",
          "unknown field",
          "did you mean 'rulePriority'?");
      assertProblem(
          policy(rule(1, "'tagStatus':'any','maxAge':3," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.maxAge",
          "unknown field");
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + COUNT_ONE, "{'type':'expire','when':'now'}")),
          "rules[0].action.when",
          "unknown field",
          "type, targetStorageClass");
    }

    @Test
    void oddKeysAreQuotedInThePath() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any','max age':3," + COUNT_ONE, EXPIRE)),
          "rules[0].selection['max age']".replace('\'', '"'),
          "unknown field");
    }

    @Test
    void fieldsHaveTheirJsonTypes() {
      assertProblem(
          policy(
              KEEP_ONE_UNTAGGED.replace(
                  "{'rulePriority':1,", "{'rulePriority':1,'description':5,")),
          "rules[0].description",
          "must be a string",
          "number");
      assertProblem(
          policy(rule(1, "'tagStatus':true," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagStatus",
          "boolean");
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged','tagPrefixList':'prod'," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPrefixList",
          "must be a list of strings",
          "write ['prod']");
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged','tagPatternList':['a',3]," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPatternList[1]",
          "must be a pattern string",
          "number");
      assertProblem(
          policy("{'rulePriority':1,'selection':[],'action':" + EXPIRE + "}"),
          "rules[0].selection",
          "must be an object");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
      String document =
          policy(
              rule(
                  1,
                  "'tagStatus':'Tagged','countType':'imageCountMoreThan','countNumber':0",
                  "{'type':'delete'}"),
              "{'rulePriority':1}");
      List<String> paths =
          PolicyValidator.validate(node(document)).stream().map(PolicyProblem::path).toList();
      assertEquals(
          List.of(
              "rules[0].selection.tagStatus",
              "rules[0].selection.countNumber",
              "rules[0].action.type",
              "rules[1].selection",
              "rules[1].action",
              "rules[1].rulePriority"),
          paths);
    }
  }

  @Nested
  class V3UniquePriorities {
    @Test
    void uniquePrioritiesNeedNotBeSequential() {
      assertValid(policy(keepTagged(10, "'a*'", 1), keepTagged(3, "'b*'", 1)));
    }

    @Test
    void aRepeatedPriorityIsReportedAtTheLaterRule() {
      assertProblem(
          policy(keepTagged(2, "'a*'", 1), keepTagged(2, "'b*'", 1)),
          "rules[1].rulePriority",
          "priority 2 is also used by rules[0]");
    }

    @Test
    void priorityStartsAtOne() {
      assertProblem(
          policy(keepTagged(0, "'a*'", 1)), "rules[0].rulePriority", "at least 1", "found 0");
    }

    @Test
    void priorityIsAWholeNumber() {
      assertProblem(
          policy(KEEP_ONE_UNTAGGED.replace("'rulePriority':1", "'rulePriority':'1'")),
          "rules[0].rulePriority",
          "whole number",
          "string");
      assertProblem(
          policy(KEEP_ONE_UNTAGGED.replace("'rulePriority':1", "'rulePriority':1.5")),
          "rules[0].rulePriority",
          "whole number",
          "1.5");
    }

    @Test
    void anIntegralDecimalCountsAsTheInteger() {
      assertValid(policy(KEEP_ONE_UNTAGGED.replace("'rulePriority':1", "'rulePriority':1.0")));
    }

    @Test
    void priorityFitsIn32Bits() {
      assertValid(policy(keepTagged(Integer.MAX_VALUE, "'a*'", 1)));
      assertProblem(
          policy(KEEP_ONE_UNTAGGED.replace("'rulePriority':1", "'rulePriority':3e9")),
          "rules[0].rulePriority",
          "at most 2147483647");
    }

    @Test
    void whenSomeRulesHavePrioritiesAllNeedThem() {
      assertProblem(
          policy(
              keepTagged(1, "'a*'", 1), keepTagged(2, "'b*'", 1).replace("'rulePriority':2,", "")),
          "rules[1].rulePriority",
          "is required",
          "other rules have a rulePriority");
    }
  }

  @Nested
  class V4AnyRuleComesLast {
    private final String anyRule = rule(9, "'tagStatus':'any'," + COUNT_ONE, EXPIRE);

    @Test
    void anyRuleWithTheHighestPriorityIsValid() {
      assertValid(policy(anyRule, keepTagged(1, "'a*'", 1)));
    }

    @Test
    void anyRuleBeforeAnotherRuleIsRejected() {
      assertProblem(
          policy(anyRule, keepTagged(12, "'a*'", 1)),
          "rules[0].rulePriority",
          "highest rulePriority",
          "rules[1] has 12",
          "above 12");
    }

    @Test
    void withoutPrioritiesTheAnyRuleMustBeListedLast() {
      String withoutPriority = anyRule.replace("'rulePriority':9,", "");
      String tagged = keepTagged(1, "'a*'", 1).replace("'rulePriority':1,", "");
      assertValid(policy(tagged, withoutPriority));
      assertProblem(
          policy(withoutPriority, tagged), "rules[0]", "must come after", "move it after rules[1]");
    }

    @Test
    void eachStorageClassMayHaveItsOwnAnyRule() {
      String archiveAny =
          rule(
              1,
              "'tagStatus':'any','storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':365",
              EXPIRE);
      assertValid(policy(archiveAny, rule(2, "'tagStatus':'any'," + COUNT_ONE, EXPIRE)));
    }

    @Test
    void atMostOneAnyRulePerStorageClass() {
      assertProblem(
          policy(
              rule(1, "'tagStatus':'any'," + COUNT_ONE, EXPIRE),
              rule(2, "'tagStatus':'any'," + OLDER_THAN_30, EXPIRE)),
          "rules[1].selection.tagStatus",
          "only one rule per storage class",
          "rules[0] already does");
    }
  }

  @Nested
  class V5ToV7TagLists {
    @Test
    void taggedRulesTakeAPrefixOrAPatternList() {
      assertValid(
          policy(rule(1, "'tagStatus':'tagged','tagPrefixList':['prod']," + COUNT_ONE, EXPIRE)));
      assertValid(
          policy(rule(1, "'tagStatus':'tagged','tagPatternList':['prod*']," + COUNT_ONE, EXPIRE)));
    }

    @Test
    void taggedWithoutAListIsRejected() {
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged'," + COUNT_ONE, EXPIRE)),
          "rules[0].selection",
          "needs a non-empty tagPatternList or tagPrefixList");
    }

    @Test
    void anEmptyListDoesNotCount() {
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged','tagPatternList':[]," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPatternList",
          "must not be empty");
    }

    @Test
    void listsOnlyWithTagged() {
      assertProblem(
          policy(rule(1, "'tagStatus':'untagged','tagPrefixList':['a']," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPrefixList",
          "only allowed when tagStatus is 'tagged'");
      assertProblem(
          policy(rule(1, "'tagStatus':'any','tagPatternList':[]," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPatternList",
          "only allowed when tagStatus is 'tagged'");
    }

    @Test
    void notBothLists() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'tagged','tagPrefixList':['a'],'tagPatternList':['b*']," + COUNT_ONE,
                  EXPIRE)),
          "rules[0].selection",
          "both tagPrefixList and tagPatternList");
    }

    @Test
    void entriesAreNonEmptyStrings() {
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged','tagPrefixList':['a','']," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPrefixList[1]",
          "must not be empty");
    }
  }

  @Nested
  class V8Wildcards {
    @Test
    void fourWildcardsArePermitted() {
      assertValid(
          policy(
              rule(
                  1,
                  "'tagStatus':'tagged','tagPatternList':['*test*1*2*3','test*1*2*3*'],"
                      + COUNT_ONE,
                  EXPIRE)));
    }

    @Test
    void moreThanFourAreRejected() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'tagged','tagPatternList':['ok*','test*1*2*3*4*5*6']," + COUNT_ONE,
                  EXPIRE)),
          "rules[0].selection.tagPatternList[1]",
          "has 6 wildcards",
          "at most 4");
    }

    @Test
    void aPrefixIsNotAPattern() {
      assertValid(
          policy(rule(1, "'tagStatus':'tagged','tagPrefixList':['*****']," + COUNT_ONE, EXPIRE)));
    }
  }

  @Nested
  class V9CountTypeAndUnit {
    @Test
    void ageLimitsCountInDays() {
      assertValid(policy(rule(1, "'tagStatus':'any'," + OLDER_THAN_30, EXPIRE)));
    }

    @Test
    void countTypeIsOneOfFour() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any','countType':'sinceImageBuilt','countUnit':'days','countNumber':1",
                  EXPIRE)),
          "rules[0].selection.countType",
          "must be one of",
          "'sinceImageTransitioned'",
          "found 'sinceImageBuilt'");
    }

    @Test
    void ageLimitsNeedCountUnitDays() {
      assertProblem(
          policy(
              rule(1, "'tagStatus':'any','countType':'sinceImagePushed','countNumber':1", EXPIRE)),
          "rules[0].selection.countUnit",
          "countUnit must be 'days' when countType is sinceImagePushed; add 'countUnit': 'days'");
    }

    @Test
    void imageCountTakesNoUnit() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any','countUnit':'days'," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.countUnit",
          "not allowed when countType is imageCountMoreThan",
          "remove countUnit");
    }

    @Test
    void daysIsTheOnlyUnit() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any','countType':'sinceImagePushed','countUnit':'hours','countNumber':1",
                  EXPIRE)),
          "rules[0].selection.countUnit",
          "must be 'days'",
          "found 'hours'");
    }
  }

  @Nested
  class V10CountNumber {
    @Test
    void oneIsTheSmallestCount() {
      assertValid(policy(rule(1, "'tagStatus':'any'," + COUNT_ONE, EXPIRE)));
      assertProblem(
          policy(
              rule(
                  1, "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':0", EXPIRE)),
          "rules[0].selection.countNumber",
          "at least 1",
          "found 0");
    }

    @Test
    void countNumberFitsIn32Bits() {
      assertValid(
          policy(
              rule(
                  1,
                  "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':2147483647",
                  EXPIRE)));
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any','countType':'imageCountMoreThan','countNumber':2147483648",
                  EXPIRE)),
          "rules[0].selection.countNumber",
          "at most 2147483647",
          "32-bit");
    }
  }

  @Nested
  class V11Actions {
    @Test
    void transitionGoesToArchive() {
      assertValid(policy(rule(1, "'tagStatus':'any'," + OLDER_THAN_30, TRANSITION)));
    }

    @Test
    void typeIsExpireOrTransition() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + COUNT_ONE, "{'type':'EXPIRE'}")),
          "rules[0].action.type",
          "found 'EXPIRE'",
          "case-sensitive: write 'expire'");
    }

    @Test
    void transitionNeedsTheTarget() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + OLDER_THAN_30, "{'type':'transition'}")),
          "rules[0].action.targetStorageClass",
          "is required when type is 'transition'",
          "'targetStorageClass': 'archive'");
    }

    @Test
    void theTargetIsArchive() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any'," + OLDER_THAN_30,
                  "{'type':'transition','targetStorageClass':'standard'}")),
          "rules[0].action.targetStorageClass",
          "must be 'archive'",
          "found 'standard'");
    }

    @Test
    void expireTakesNoTarget() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any'," + OLDER_THAN_30,
                  "{'type':'expire','targetStorageClass':'archive'}")),
          "rules[0].action.targetStorageClass",
          "only allowed when type is 'transition'");
    }
  }

  @Nested
  class V12ToV14StorageClasses {
    private final String expireArchived =
        "'storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':";

    @Test
    void archivedImagesExpireByTimeInArchive() {
      assertValid(policy(rule(1, "'tagStatus':'any'," + expireArchived + "90", EXPIRE)));
    }

    @Test
    void timeInArchiveNeedsTheArchiveClass() {
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any','countType':'sinceImageTransitioned','countUnit':'days','countNumber':90",
                  EXPIRE)),
          "rules[0].selection.storageClass",
          "set 'storageClass': 'archive'");
    }

    @Test
    void theArchiveClassOnlyCountsTimeInArchive() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any','storageClass':'archive'," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.storageClass",
          "only works with countType sinceImageTransitioned, not imageCountMoreThan");
    }

    @Test
    void storageClassValuesAreLowercase() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any','storageClass':'STANDARD'," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.storageClass",
          "write 'standard'");
    }

    @Test
    void lastPullOnlyTransitions() {
      String pulled =
          "'tagStatus':'any','countType':'sinceImagePulled','countUnit':'days','countNumber':30";
      assertValid(policy(rule(1, pulled, TRANSITION)));
      assertProblem(
          policy(rule(1, pulled, EXPIRE)),
          "rules[0].action.type",
          "sinceImagePulled can only transition");
    }

    @Test
    void timeInArchiveOnlyExpires() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + expireArchived + "90", TRANSITION)),
          "rules[0].action.type",
          "sinceImageTransitioned can only expire");
    }

    @Test
    void archivedImagesStayNinetyDays() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any'," + expireArchived + "89", EXPIRE)),
          "rules[0].selection.countNumber",
          "at least 90",
          "found 89");
    }
  }

  @Nested
  class V15OneUntaggedRule {
    private final String untaggedOld = rule(2, "'tagStatus':'untagged'," + OLDER_THAN_30, EXPIRE);

    @Test
    void anUntaggedAndAnAnyRuleMayShareAClass() {
      assertValid(policy(KEEP_ONE_UNTAGGED, rule(3, "'tagStatus':'any'," + COUNT_ONE, EXPIRE)));
    }

    @Test
    void eachStorageClassMayHaveOne() {
      assertValid(
          policy(
              KEEP_ONE_UNTAGGED,
              rule(
                  2,
                  "'tagStatus':'untagged','storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':90",
                  EXPIRE)));
    }

    @Test
    void twoUntaggedRulesInOneClassAreRejected() {
      assertProblem(
          policy(KEEP_ONE_UNTAGGED, untaggedOld),
          "rules[1].selection.tagStatus",
          "only one rule per storage class may select untagged images",
          "rules[0] already does");
    }
  }

  @Nested
  class V16UniqueTagSets {
    @Test
    void differentSetsAreValid() {
      assertValid(policy(keepTagged(1, "'a*'", 1), keepTagged(2, "'a*','b*'", 1)));
    }

    @Test
    void theSameSetOfPatternsIsRejectedWhateverItsOrder() {
      assertProblem(
          policy(keepTagged(1, "'a*','b*'", 1), keepTagged(2, "'b*','a*','b*'", 5)),
          "rules[1].selection.tagPatternList",
          "same tag patterns as rules[0]");
    }

    @Test
    void theSameSetOfPrefixesIsRejected() {
      String prefixes = "'tagStatus':'tagged','tagPrefixList':['rc'],";
      assertProblem(
          policy(rule(1, prefixes + COUNT_ONE, EXPIRE), rule(2, prefixes + OLDER_THAN_30, EXPIRE)),
          "rules[1].selection.tagPrefixList",
          "same tag prefixes as rules[0]");
    }

    @Test
    void aPrefixListAndAPatternListAreNotCompared() {
      assertValid(
          policy(
              rule(1, "'tagStatus':'tagged','tagPrefixList':['rc']," + COUNT_ONE, EXPIRE),
              rule(2, "'tagStatus':'tagged','tagPatternList':['rc']," + COUNT_ONE, EXPIRE)));
    }

    @Test
    void otherStorageClassesAreApart() {
      assertValid(
          policy(
              keepTagged(1, "'a*'", 1),
              rule(
                  2,
                  "'tagStatus':'tagged','tagPatternList':['a*'],'storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':90",
                  EXPIRE)));
    }
  }

  @Nested
  class V17RuleCount {
    private String rules(int count) {
      return policy(
          IntStream.rangeClosed(1, count)
              .mapToObj(i -> keepTagged(i, "'t" + i + "-*'", 1))
              .toArray(String[]::new));
    }

    @Test
    void fiftyRulesAreValid() {
      assertValid(rules(50));
    }

    @Test
    void fiftyOneAreRejected() {
      assertProblem(rules(51), "rules", "has 51 rules", "at most 50");
    }

    @Test
    void atLeastOneRule() {
      assertProblem(policy(), "rules", "at least one rule");
    }
  }

  @Nested
  class V18TextLength {
    @Test
    void shortTextIsRejectedWithTheOtherProblems() {
      List<PolicyProblem> problems = PolicyValidator.validate(json("{'rules':[]}"));
      assertProblemIn(problems, "$", "12 characters long", "100 to 30720");
      assertProblemIn(problems, "rules", "at least one rule");
    }

    @Test
    void textLongerThanEcrAcceptsIsRejected() {
      String padded = policy(KEEP_ONE_UNTAGGED) + " ".repeat(30_720);
      List<PolicyProblem> problems = PolicyValidator.validate(padded);
      assertEquals(1, problems.size(), problems::toString);
      assertProblemIn(problems, "$", "30863 characters long", "100 to 30720");
    }

    @Test
    void thePolicyAsSentToEcrMustFit() {
      String description = "x".repeat(700);
      List<String> rules = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        rules.add(
            keepTagged(i, "'t" + i + "-*'", 1)
                .replace(
                    "{'rulePriority':" + i + ",",
                    "{'rulePriority':" + i + ",'description':'" + description + "',"));
      }
      assertProblem(policy(rules.toArray(String[]::new)), "$", "as sent to ECR", "30720");
    }
  }

  @Nested
  class V19Nulls {
    @Test
    void anOptionalNullIsRejected() {
      assertProblem(
          policy(rule(1, "'tagStatus':'any','countUnit':null," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.countUnit",
          "must not be null",
          "leave the field out");
      assertProblem(
          policy(rule(1, "'tagStatus':'untagged','tagPrefixList':null," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPrefixList",
          "must not be null");
      assertProblem(
          policy(
              rule(
                  1,
                  "'tagStatus':'any'," + COUNT_ONE,
                  "{'type':'expire','targetStorageClass':null}")),
          "rules[0].action.targetStorageClass",
          "must not be null");
    }

    @Test
    void aRequiredNullIsRejected() {
      assertProblem(
          policy(rule(1, "'tagStatus':null," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagStatus",
          "must not be null",
          "set tagStatus to one of");
    }

    @Test
    void aNullListEntryIsRejected() {
      assertProblem(
          policy(rule(1, "'tagStatus':'tagged','tagPatternList':['a*',null]," + COUNT_ONE, EXPIRE)),
          "rules[0].selection.tagPatternList[1]",
          "found null");
    }
  }

  @Test
  void pathsIndexTheDocumentAsWrittenNotSortedByPriority() {
    String document =
        policy(keepTagged(3, "'c*'", 0), keepTagged(1, "'a*'", 1), keepTagged(2, "'b*'", 1));
    assertProblem(document, "rules[0].selection.countNumber", "at least 1");
  }

  @Test
  void theAwsDocumentationExamplesAreValid() {
    for (PolicyExamples.Example example : PolicyExamples.WORKED) {
      assertValid(example.policy());
    }
    for (String policy : PolicyExamples.POLICY_ONLY) {
      assertValid(policy);
    }
  }
}
