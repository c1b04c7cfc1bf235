package dev.operators.ecr.policy;

import static dev.operators.ecr.policy.Documents.KEEP_ONE_UNTAGGED;
import static dev.operators.ecr.policy.Documents.json;
import static dev.operators.ecr.policy.Documents.node;
import static dev.operators.ecr.policy.Documents.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validated model and its canonical form. */
class LifecyclePolicyTest {

  private static final String TWO_RULES =
      policy(
          "{'rulePriority':7,'description':'archive idle','selection':{'tagStatus':'any','countType':'sinceImagePulled','countUnit':'days','countNumber':30},'action':{'type':'transition','targetStorageClass':'archive'}}",
          "{'selection':{'countNumber':3,'tagPatternList':['rc*','beta*','rc*'],'countType':'imageCountMoreThan','tagStatus':'tagged'},'action':{'type':'expire'},'rulePriority':2}");

  @Test
  void rulesAreInPriorityOrderWithTagListsAsSets() {
    LifecyclePolicy policy = LifecyclePolicy.parse(TWO_RULES);
    assertEquals(
        List.of(
            new LifecyclePolicy.Rule(
                2,
                "",
                new LifecyclePolicy.Selection(
                    TagStatus.TAGGED,
                    List.of(),
                    List.of("beta*", "rc*"),
                    StorageClass.STANDARD,
                    CountType.IMAGE_COUNT_MORE_THAN,
                    3),
                ActionType.EXPIRE),
            new LifecyclePolicy.Rule(
                7,
                "archive idle",
                new LifecyclePolicy.Selection(
                    TagStatus.ANY,
                    List.of(),
                    List.of(),
                    StorageClass.STANDARD,
                    CountType.SINCE_IMAGE_PULLED,
                    30),
                ActionType.TRANSITION)),
        policy.rules());
    assertFalse(policy.prioritiesFromListOrder());
  }

  @Test
  void anInvalidDocumentThrowsWithEveryProblem() {
    String document = policy("{'rulePriority':0}");
    InvalidPolicyException thrown =
        assertThrows(InvalidPolicyException.class, () -> LifecyclePolicy.of(node(document)));
    assertEquals(
        List.of("rules[0].rulePriority", "rules[0].selection", "rules[0].action"),
        thrown.problems().stream().map(PolicyProblem::path).toList());
    assertTrue(thrown.getMessage().startsWith("rules[0].rulePriority: must be at least 1"));
    assertThrows(InvalidPolicyException.class, () -> LifecyclePolicy.parse("not json"));
  }

  @Test
  void aTreeFromAKubernetesSpecIsAccepted() {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    ObjectNode rule = spec.putArray("rules").addObject();
    rule.putObject("selection")
        .put("tagStatus", "untagged")
        .put("countType", "imageCountMoreThan")
        .put("countNumber", 1L);
    rule.putObject("action").put("type", "expire");
    assertEquals(LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED)), LifecyclePolicy.of(spec));
  }

  @Test
  void withoutPrioritiesRulesAreNumberedInListOrder() {
    String numbered =
        policy(
            "{'selection':{'tagStatus':'tagged','tagPrefixList':['b'],'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}",
            "{'selection':{'tagStatus':'tagged','tagPrefixList':['a'],'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}");
    LifecyclePolicy policy = LifecyclePolicy.parse(numbered);
    assertTrue(policy.prioritiesFromListOrder());
    assertEquals(
        List.of(1, 2), policy.rules().stream().map(LifecyclePolicy.Rule::priority).toList());
    assertEquals(List.of("b"), policy.rules().get(0).selection().tagPrefixes());
    String explicit =
        numbered
            .replace(
                "{\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"b\"]",
                "{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"b\"]")
            .replace(
                "{\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"a\"]",
                "{\"rulePriority\":2,\"selection\":{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"a\"]");
    assertEquals(LifecyclePolicy.parse(explicit), policy);
    assertFalse(LifecyclePolicy.parse(explicit).prioritiesFromListOrder());
  }

  @Test
  void canonicalFormOfTheSimplestPolicy() {
    CanonicalPolicy canonical = LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED)).canonical();
    assertEquals(
        json(
            "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'untagged','storageClass':'standard',"
                + "'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}"),
        canonical.json());
    assertEquals(
        json(
            "{'rules':[{'rulePriority':1,'selection':{'tagStatus':'untagged',"
                + "'countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}"),
        canonical.ecrJson());
    // sha256 of the json above, computed outside Java.
    assertEquals(
        "sha256:e62c24ed1362fc81f53b5b56adb8fc2adaf3e38bb8f72ff469a7a9feb389f2e6",
        canonical.digest());
  }

  @Test
  void canonicalFormWritesDefaultsSortsListsAndFixesKeyOrder() {
    CanonicalPolicy canonical = LifecyclePolicy.parse(TWO_RULES).canonical();
    String rule2 =
        "{'rulePriority':2,'selection':{'tagStatus':'tagged','tagPatternList':['beta*','rc*'],%s"
            + "'countType':'imageCountMoreThan','countNumber':3},'action':{'type':'expire'}}";
    String rule7 =
        "{'rulePriority':7,'description':'archive idle','selection':{'tagStatus':'any',%s"
            + "'countType':'sinceImagePulled','countUnit':'days','countNumber':30},"
            + "'action':{'type':'transition','targetStorageClass':'archive'}}";
    String standard = "'storageClass':'standard',";
    assertEquals(policy(rule2.formatted(standard), rule7.formatted(standard)), canonical.json());
    assertEquals(policy(rule2.formatted(""), rule7.formatted("")), canonical.ecrJson());
  }

  @Test
  void theArchiveStorageClassIsAlwaysWritten() {
    String archive =
        policy(
            "{'rulePriority':1,'selection':{'tagStatus':'any','storageClass':'archive','countType':'sinceImageTransitioned','countUnit':'days','countNumber':90},'action':{'type':'expire'}}");
    assertTrue(
        LifecyclePolicy.parse(archive)
            .canonical()
            .ecrJson()
            .contains("\"storageClass\":\"archive\""));
  }

  @Test
  void theSimplestPoliciesAreLongEnoughForEcr() {
    // The shortest valid document there is: 121 characters, above ECR's minimum of 100.
    String shortest =
        json(
            "{'rules':[{'selection':{'tagStatus':'any','countType':'imageCountMoreThan','countNumber':1},'action':{'type':'expire'}}]}");
    assertEquals(121, shortest.length());
    assertEquals(List.of(), PolicyValidator.validate(shortest));
    String sent = LifecyclePolicy.parse(shortest).canonical().ecrJson();
    assertEquals(138, sent.length(), sent);
    assertEquals(List.of(), PolicyValidator.validate(sent));
  }

  @Test
  void anEmptyDescriptionMeansNoDescription() {
    LifecyclePolicy without = LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED));
    LifecyclePolicy empty =
        LifecyclePolicy.parse(
            policy(
                KEEP_ONE_UNTAGGED.replace(
                    "{'rulePriority':1,", "{'rulePriority':1,'description':'',")));
    assertEquals(without.canonical(), empty.canonical());
    LifecyclePolicy described =
        LifecyclePolicy.parse(
            policy(
                KEEP_ONE_UNTAGGED.replace(
                    "{'rulePriority':1,", "{'rulePriority':1,'description':'keep one',")));
    assertNotEquals(without.canonical().digest(), described.canonical().digest());
  }

  @Test
  void integralDecimalsAreWrittenAsIntegers() {
    LifecyclePolicy decimals =
        LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED.replace(":1", ":1.0")));
    assertEquals(
        LifecyclePolicy.parse(policy(KEEP_ONE_UNTAGGED)).canonical(), decimals.canonical());
  }

  @Test
  void equalityFollowsMeaning() {
    LifecyclePolicy one = LifecyclePolicy.parse(TWO_RULES);
    LifecyclePolicy same =
        LifecyclePolicy.parse(LifecyclePolicy.parse(TWO_RULES).canonical().ecrJson());
    assertEquals(one, same);
    assertEquals(one.hashCode(), same.hashCode());
    assertEquals(one.canonical().json(), one.toString());
    assertNotEquals(one, LifecyclePolicy.parse(TWO_RULES.replace("30", "31")));
  }
}
