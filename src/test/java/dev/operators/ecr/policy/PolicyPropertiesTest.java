package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Properties that hold for every policy and repository, checked on seeded random ones. */
class PolicyPropertiesTest {
  private static final int RUNS = 250;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void canonicalFormIgnoresRuleOrderListOrderKeyOrderAndWhitespace() {
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      ObjectNode document = random.policy(12);
      CanonicalPolicy expected = LifecyclePolicy.of(document).canonical();
      for (int spelling = 0; spelling < 4; spelling++) {
        String text = random.respell(document);
        assertEquals(
            expected, LifecyclePolicy.parse(text).canonical(), "seed " + seed + ": " + text);
      }
    }
  }

  @Test
  void canonicalFormIsIdempotentAndTheEcrTextRoundTrips() {
    for (int seed = 0; seed < RUNS; seed++) {
      CanonicalPolicy canonical =
          LifecyclePolicy.of(new RandomPolicies(seed).policy(12)).canonical();
      assertEquals(canonical, LifecyclePolicy.parse(canonical.json()).canonical(), "seed " + seed);
      assertEquals(List.of(), PolicyValidator.validate(canonical.ecrJson()), "seed " + seed);
      assertEquals(
          canonical, LifecyclePolicy.parse(canonical.ecrJson()).canonical(), "seed " + seed);
    }
  }

  @Test
  void differentMeaningsGiveDifferentDigests() {
    Map<String, String> jsonByDigest = new HashMap<>();
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      ObjectNode document = random.policy(12);
      List<ObjectNode> meanings = new ArrayList<>(List.of(document));
      int index = random.random().nextInt(document.get("rules").size());

      ObjectNode moreImages = document.deepCopy();
      ObjectNode selection = (ObjectNode) moreImages.get("rules").get(index).get("selection");
      selection.put("countNumber", selection.get("countNumber").asInt() + 1);
      meanings.add(moreImages);

      ObjectNode described = document.deepCopy();
      ObjectNode rule = (ObjectNode) described.get("rules").get(index);
      rule.put("description", rule.path("description").asText() + " changed");
      meanings.add(described);

      ObjectNode spreadOut = document.deepCopy();
      spreadOut
          .get("rules")
          .forEach(r -> ((ObjectNode) r).put("rulePriority", r.get("rulePriority").asInt() * 2));
      meanings.add(spreadOut);

      Set<String> digests = new HashSet<>();
      for (ObjectNode meaning : meanings) {
        CanonicalPolicy canonical = LifecyclePolicy.of(meaning).canonical();
        digests.add(canonical.digest());
        String earlier = jsonByDigest.putIfAbsent(canonical.digest(), canonical.json());
        assertTrue(earlier == null || earlier.equals(canonical.json()), "digest collision");
      }
      assertEquals(meanings.size(), digests.size(), "seed " + seed);
    }
  }

  @Test
  void evaluatorAgreesWithTheLiteralAlgorithm() {
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      LifecyclePolicy policy = LifecyclePolicy.of(random.policy(10));
      List<Image> images = random.images(random.random().nextInt(150), NOW);
      Evaluation evaluation = PolicyEvaluator.evaluate(policy, images, NOW);
      assertEquals(
          LiteralAlgorithm.marked(policy, images, NOW),
          evaluation.actions().stream()
              .collect(Collectors.toMap(a -> a.image().digest(), ImageAction::rulePriority)),
          "seed " + seed + ": " + policy);
    }
  }

  @Test
  void eachImageIsActedOnOnceByARuleThatSelectsItWithThatRulesAction() {
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      LifecyclePolicy policy = LifecyclePolicy.of(random.policy(12));
      List<Image> images = random.images(300, NOW);
      Set<String> acted = new HashSet<>();
      for (ImageAction action : PolicyEvaluator.evaluate(policy, images, NOW).actions()) {
        assertTrue(acted.add(action.image().digest()), "acted on twice: " + action);
        LifecyclePolicy.Rule rule =
            policy.rules().stream()
                .filter(r -> r.priority() == action.rulePriority())
                .findFirst()
                .orElseThrow();
        assertTrue(LiteralAlgorithm.selects(rule, action.image()), action::toString);
        assertEquals(rule.action(), action.type());
      }
    }
  }

  @Test
  void theOrderOfTheImagesDoesNotMatter() {
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      LifecyclePolicy policy = LifecyclePolicy.of(random.policy(12));
      List<Image> images = random.images(300, NOW);
      Evaluation expected = PolicyEvaluator.evaluate(policy, images, NOW);
      List<Image> shuffled = new ArrayList<>(images);
      Collections.shuffle(shuffled, random.random());
      assertEquals(expected, PolicyEvaluator.evaluate(policy, shuffled, NOW), "seed " + seed);
    }
  }

  @Test
  void aNewerImageNeverSavesAnOlderOne() {
    for (int seed = 0; seed < RUNS; seed++) {
      RandomPolicies random = new RandomPolicies(seed);
      LifecyclePolicy policy = LifecyclePolicy.of(random.policy(12));
      List<Image> images = random.images(200, NOW);
      Image template = random.images(1, NOW).get(0);
      Image newest =
          new Image(
              "sha256:newest",
              template.tags(),
              NOW.plusSeconds(1),
              null,
              StorageClass.STANDARD,
              null,
              null);
      List<ImageAction> before = PolicyEvaluator.evaluate(policy, images, NOW).actions();
      List<Image> more = new ArrayList<>(images);
      more.add(newest);
      List<ImageAction> after = PolicyEvaluator.evaluate(policy, more, NOW).actions();
      assertTrue(after.containsAll(before), "seed " + seed);
    }
  }
}
