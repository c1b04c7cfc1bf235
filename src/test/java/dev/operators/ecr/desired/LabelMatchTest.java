package dev.operators.ecr.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatchTest {

  @Test
  void matchLabelsAndEveryOperator() {
    LabelMatch selector =
        checked(
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of("team", "a"))
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("In")
                .withValues("prod", "staging")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("legacy")
                .withOperator("DoesNotExist")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("owner")
                .withOperator("Exists")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("region")
                .withOperator("NotIn")
                .withValues("us-east-1")
                .endMatchExpression()
                .build());

    Map<String, String> matching = Map.of("team", "a", "tier", "prod", "owner", "x");
    assertTrue(selector.matches(matching));
    assertFalse(selector.matches(with(matching, "team", "b")), "matchLabels");
    assertFalse(selector.matches(with(matching, "tier", "dev")), "In");
    assertFalse(selector.matches(with(matching, "legacy", "")), "DoesNotExist");
    assertFalse(selector.matches(without(matching, "owner")), "Exists");
    assertFalse(selector.matches(with(matching, "region", "us-east-1")), "NotIn");
    assertTrue(selector.matches(with(matching, "region", "eu-west-1")), "NotIn, another value");
    assertFalse(selector.matches(null), "no labels");
    assertEquals(
        "team=a,tier in [prod, staging],!legacy,owner,region notin [us-east-1]",
        selector.toString());
  }

  @Test
  void anEmptySelectorMatchesEverythingAndAnAbsentOneIsNull() {
    assertTrue(checked(new LabelSelector()).matches(Map.of()));
    assertTrue(checked(new LabelSelector()).matches(Map.of("any", "label")));
    assertNull(LabelMatch.of(null, "spec.selector", new ArrayList<>()));
  }

  @Test
  void aBadExpressionIsAProblemAtItsPathAndTheSelectorMayMatchAnything() {
    List<SpecProblem> problems = new ArrayList<>();
    LabelMatch selector =
        LabelMatch.of(
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("Equals")
                .withValues("prod")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("")
                .withOperator("In")
                .endMatchExpression()
                .build(),
            "spec.namespaceSelector",
            problems);

    assertSame(LabelMatch.EVERYTHING, selector);
    assertEquals(
        List.of(
            new SpecProblem(
                "spec.namespaceSelector.matchExpressions[0].operator",
                "'Equals' is not an operator: In, NotIn, Exists or DoesNotExist"),
            new SpecProblem("spec.namespaceSelector.matchExpressions[1].key", "a key is required"),
            new SpecProblem(
                "spec.namespaceSelector.matchExpressions[1].values",
                "In needs at least one value")),
        problems);
  }

  private static LabelMatch checked(LabelSelector selector) {
    List<SpecProblem> problems = new ArrayList<>();
    LabelMatch match = LabelMatch.of(selector, "spec.selector", problems);
    assertEquals(List.of(), problems);
    return match;
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    var copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }

  private static Map<String, String> without(Map<String, String> labels, String key) {
    var copy = new java.util.HashMap<>(labels);
    copy.remove(key);
    return copy;
  }
}
