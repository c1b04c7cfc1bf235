package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.runtime.WatchSelector.Operator;
import dev.operators.ecr.runtime.WatchSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchSelectorTest {
  private static final String SHARD = EcrRepository.SHARD_LABEL;

  @Test
  void everyFormOfRequirementParses() {
    WatchSelector s =
        WatchSelector.parse(
            " tier in (gold, silver),env!=dev , !legacy,team==payments,owner,zone notin (a,b),"
                + " app=");

    assertEquals(
        List.of(
            new Requirement("app", Operator.EQUALS, List.of("")),
            new Requirement("env", Operator.NOT_EQUALS, List.of("dev")),
            new Requirement("legacy", Operator.DOES_NOT_EXIST, List.of()),
            new Requirement("owner", Operator.EXISTS, List.of()),
            new Requirement("team", Operator.EQUALS, List.of("payments")),
            new Requirement("tier", Operator.IN, List.of("gold", "silver")),
            new Requirement("zone", Operator.NOT_IN, List.of("a", "b"))),
        s.requirements());
    assertEquals(
        "app=,env!=dev,!legacy,owner,team=payments,tier in (gold,silver),zone notin (a,b)",
        s.toString());
    assertEquals(s, WatchSelector.parse(s.toString()), "the canonical form parses to itself");
  }

  @Test
  void matchingFollowsKubernetes() {
    Map<String, String> shardA = Map.of(SHARD, "a");
    Map<String, String> none = Map.of();

    assertTrue(WatchSelector.parse(SHARD + "=a").matches(shardA));
    assertFalse(WatchSelector.parse(SHARD + "=a").matches(none));
    assertFalse(WatchSelector.parse("!" + SHARD).matches(shardA));
    assertTrue(WatchSelector.parse("!" + SHARD).matches(none));
    assertTrue(WatchSelector.parse(SHARD).matches(shardA));
    assertFalse(WatchSelector.parse(SHARD).matches(none));
    // != and notin also take a resource without the label, as Kubernetes has it.
    assertTrue(WatchSelector.parse(SHARD + "!=b").matches(none));
    assertTrue(WatchSelector.parse(SHARD + " notin (b,c)").matches(shardA));
    assertTrue(WatchSelector.parse(SHARD + " notin (b,c)").matches(none));
    assertFalse(WatchSelector.parse(SHARD + " in (b,c)").matches(shardA));
    assertTrue(WatchSelector.parse(SHARD + " in (a,c)").matches(shardA));
    // All requirements must hold.
    assertFalse(WatchSelector.parse(SHARD + "=a,team=x").matches(shardA));
    assertTrue(WatchSelector.EVERYTHING.matches(shardA));
  }

  @Test
  void onlyTheInstanceThatTakesUnlabelledResourcesTakesTheClusterScopedKinds() {
    assertTrue(WatchSelector.EVERYTHING.takesUnlabelled());
    assertTrue(WatchSelector.parse("!" + SHARD).takesUnlabelled());
    assertFalse(WatchSelector.parse(SHARD + "=a").takesUnlabelled());
    assertFalse(WatchSelector.parse(SHARD + " in (a,b)").takesUnlabelled());
    assertTrue(WatchSelector.parse(SHARD + " notin (a,b)").takesUnlabelled());
  }

  @Test
  void aSelectorHasALeaseOfItsOwnWhateverTheOrderItIsWrittenIn() {
    String base = LeaderElectionSettings.DEFAULT_LEASE_NAME;
    String a = WatchSelector.parse(SHARD + "=a").leaseName(base);
    String b = WatchSelector.parse(SHARD + "=b").leaseName(base);
    String unlabelled = WatchSelector.parse("!" + SHARD).leaseName(base);

    assertTrue(a.matches("ecr-operator-leader-[0-9a-f]{10}"), a);
    assertNotEquals(a, b);
    assertNotEquals(a, unlabelled);
    assertNotEquals(b, unlabelled);
    assertEquals(a, WatchSelector.parse(" " + SHARD + " == a ").leaseName(base));
    assertEquals(
        WatchSelector.parse("x in (2,1),y").leaseName(base),
        WatchSelector.parse("y, x in (1,2)").leaseName(base));
    assertEquals(base, WatchSelector.EVERYTHING.leaseName(base));
    assertEquals(WatchSelector.EVERYTHING, WatchSelector.parse("  "));
    assertEquals(WatchSelector.EVERYTHING, WatchSelector.parse(null));
  }

  @Test
  void aBadSelectorSaysWhichRequirementAndWhatIsWrong() {
    assertProblem(
        "'a=b=c': the value 'b=c' must be at most 63 letters, digits, '-', '_' or '.', starting"
            + " and ending with a letter or digit",
        "a=b=c");
    assertProblem("an empty requirement (two commas, or one at an end)", "a=b,,c=d");
    assertProblem("an empty requirement (two commas, or one at an end)", "a=b,");
    assertProblem("'a in ()': in needs at least one value in its parentheses", "a in ()");
    assertProblem(
        "'a > 3' is no requirement: write key=value, key!=value, key in (v1,v2), key notin"
            + " (v1,v2), key or !key",
        "a > 3");
    assertProblem(
        "'Ecr.Operators.dev/shard=a': the key's prefix 'Ecr.Operators.dev' is no DNS subdomain"
            + " (lower-case letters, digits, '-' and '.', at most 253 characters)",
        "Ecr.Operators.dev/shard=a");
    assertProblem(
        "'-shard': the key's name '-shard' must be 1 to 63 letters, digits, '-', '_' or '.',"
            + " starting and ending with a letter or digit",
        "-shard");
    assertProblem(
        "'shard="
            + "x".repeat(64)
            + "': the value '"
            + "x".repeat(64)
            + "' must be at most 63"
            + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
        "shard=" + "x".repeat(64));
    assertProblem(
        "'!': the key's name '' must be 1 to 63 letters, digits, '-', '_' or '.', starting and"
            + " ending with a letter or digit",
        "!");
  }

  private static void assertProblem(String message, String selector) {
    var e = assertThrows(IllegalArgumentException.class, () -> WatchSelector.parse(selector));
    assertEquals(message, e.getMessage());
  }
}
