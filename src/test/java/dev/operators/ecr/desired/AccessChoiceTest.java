package dev.operators.ecr.desired;

import static dev.operators.ecr.operator.Accesses.access;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.aws.AwsIdentity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessChoiceTest {
  private static final String ROLE_A = "arn:aws:iam::111111111111:role/team-a";
  private static final String ROLE_B = "arn:aws:iam::222222222222:role/team-b";

  private static final AccessTarget TEAM_A_API =
      new AccessTarget("team-a", Map.of("app", "api"), Map.of("team", "a", "tier", "prod"));

  @Test
  void aNamespaceNamedOrSelectedIsServed() {
    EcrAccess byName = access("a", ROLE_A, "namespaces: [team-a]");
    EcrAccess byLabel = access("b", ROLE_B, "namespaceSelector: {matchLabels: {team: a}}");
    EcrAccess other = access("c", ROLE_B, "namespaces: [team-c]");

    assertEquals(served("a"), name(AccessChoice.of(TEAM_A_API, List.of(byName, other))));
    assertEquals(served("b"), name(AccessChoice.of(TEAM_A_API, List.of(byLabel, other))));
    assertInstanceOf(AccessChoice.Unserved.class, AccessChoice.of(TEAM_A_API, List.of(other)));
    assertInstanceOf(AccessChoice.Unserved.class, AccessChoice.of(TEAM_A_API, List.of()));
  }

  @Test
  void twoServingAreAmbiguousNamingTheFirstTwoSorted() {
    AccessChoice choice =
        AccessChoice.of(
            TEAM_A_API,
            List.of(
                access("zeta", ROLE_A, "namespaces: [team-a]"),
                access("beta", ROLE_B, "namespaceSelector: {}"),
                access("alpha", ROLE_B, "namespaceSelector: {matchLabels: {tier: prod}}")));

    assertEquals(new AccessChoice.Ambiguous(List.of("alpha", "beta")), choice, "sorted, first two");
  }

  @Test
  void theResourceSelectorNarrowsTheNamespaces() {
    EcrAccess apiOnly =
        access(
            "api", ROLE_A, "namespaces: [team-a]", "resourceSelector: {matchLabels: {app: api}}");
    EcrAccess rest =
        access(
            "rest",
            ROLE_B,
            "namespaces: [team-a]",
            "resourceSelector: {matchExpressions: [{key: app, operator: NotIn, values: [api]}]}");

    assertEquals(served("api"), name(AccessChoice.of(TEAM_A_API, List.of(apiOnly, rest))));
    AccessTarget web = new AccessTarget("team-a", Map.of("app", "web"), Map.of());
    assertEquals(served("rest"), name(AccessChoice.of(web, List.of(apiOnly, rest))));
    AccessTarget unlabelled = new AccessTarget("team-a", Map.of(), Map.of());
    assertEquals(served("rest"), name(AccessChoice.of(unlabelled, List.of(apiOnly, rest))));
  }

  @Test
  void registryLevelResourcesAreServedOnlyByTheClusterResourceSelector() {
    EcrAccess namespaces = access("ns", ROLE_A, "namespaceSelector: {}");
    EcrAccess cluster =
        access("cluster", ROLE_B, "clusterResourceSelector: {matchLabels: {account: b}}");
    AccessTarget labelled = AccessTarget.clusterScoped(Map.of("account", "b"));
    AccessTarget unlabelled = AccessTarget.clusterScoped(Map.of());

    assertEquals(served("cluster"), name(AccessChoice.of(labelled, List.of(namespaces, cluster))));
    assertInstanceOf(
        AccessChoice.Unserved.class, AccessChoice.of(unlabelled, List.of(namespaces, cluster)));
    // And a namespaced resource is never served by the cluster selector alone.
    assertInstanceOf(
        AccessChoice.Unserved.class,
        AccessChoice.of(
            new AccessTarget("team-a", Map.of("account", "b"), Map.of()), List.of(cluster)));
  }

  @Test
  void anInvalidAccessThatMayServeTheResourceRefusesIt() {
    EcrAccess valid = access("a", ROLE_A, "namespaces: [team-a]");
    EcrAccess broken =
        access(
            "b",
            ROLE_B,
            "namespaceSelector: {matchExpressions: [{key: team, operator: Equals, values: [a]}]}");

    AccessChoice choice = AccessChoice.of(TEAM_A_API, List.of(valid, broken));

    AccessChoice.Invalid invalid = assertInstanceOf(AccessChoice.Invalid.class, choice);
    assertEquals("b", invalid.name());
    assertTrue(
        invalid.problem().contains("spec.namespaceSelector.matchExpressions[0].operator"),
        invalid.problem());
  }

  @Test
  void anInvalidAccessThatCannotServeTheResourceIsIgnored() {
    EcrAccess valid = access("a", ROLE_A, "namespaces: [team-a]");
    // Its selector is fine, its role is not: it serves team-b only.
    EcrAccess broken = access("b", "not-an-arn", "namespaces: [team-b]");

    assertEquals(served("a"), name(AccessChoice.of(TEAM_A_API, List.of(valid, broken))));
  }

  @Test
  void theAccessCarriesItsIdentityAndRegion() {
    DesiredAccess desired =
        DesiredAccess.of(
            access(
                "a",
                ROLE_A,
                "namespaces: [team-a]",
                "externalId: shared-secret-1",
                "sessionTags: {team: a}",
                "region: eu-central-1"));

    assertEquals(
        AwsIdentity.role(ROLE_A, "shared-secret-1", Map.of("team", "a")), desired.identity());
    assertEquals("111111111111", desired.identity().account());
    assertEquals("eu-central-1", desired.region());
    assertNull(desired.resourceSelector());
  }

  @Test
  void everyProblemOfASpecIsNamedWithItsPath() {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                DesiredAccess.of(
                    access(
                        "bad",
                        "arn:aws:iam::12:role/x",
                        "externalId: x",
                        "region: Europe",
                        "namespaces: [Team_A]",
                        "resourceSelector: {matchExpressions: [{key: app, operator: Exists,"
                            + " values: [api]}, {key: tier, operator: In}]}")));

    List<String> paths = e.problems().stream().map(SpecProblem::path).toList();
    assertEquals(
        List.of(
            "spec.roleArn",
            "spec.externalId",
            "spec.region",
            "spec.namespaces[0]",
            "spec.resourceSelector.matchExpressions[0].values",
            "spec.resourceSelector.matchExpressions[1].values"),
        paths);
  }

  @Test
  void anAccessMustServeSomething() {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () -> DesiredAccess.of(access("idle", ROLE_A, "resourceSelector: {}")));
    assertEquals("spec", e.problems().get(0).path());
  }

  @Test
  void tooManyOrTooLongSessionTagsAreRefused() {
    StringBuilder tags = new StringBuilder("sessionTags: {");
    for (int i = 0; i < 51; i++) {
      tags.append(i == 0 ? "" : ", ").append("k").append(i).append(": v");
    }
    var many =
        assertThrows(
            InvalidSpecException.class,
            () -> DesiredAccess.of(access("t", ROLE_A, "namespaces: [a]", tags + "}")));
    assertEquals("spec.sessionTags", many.problems().get(0).path());

    var longValue =
        assertThrows(
            InvalidSpecException.class,
            () ->
                DesiredAccess.of(
                    access(
                        "t",
                        ROLE_A,
                        "namespaces: [a]",
                        "sessionTags: {k: " + "v".repeat(257) + "}")));
    assertEquals("spec.sessionTags.k", longValue.problems().get(0).path());
  }

  @Test
  void ambientCredentialsParse() {
    assertEquals(AmbientCredentials.ALL, AmbientCredentials.parse("all"));
    assertEquals(AmbientCredentials.NONE, AmbientCredentials.parse(" None "));
    assertEquals("none", AmbientCredentials.NONE.flag());
    var e = assertThrows(IllegalArgumentException.class, () -> AmbientCredentials.parse("some"));
    assertEquals("must be one of all, none, not 'some'", e.getMessage());
    assertFalse(AmbientCredentials.ALL == AmbientCredentials.NONE);
  }

  private static String served(String name) {
    return "served by " + name;
  }

  private static String name(AccessChoice choice) {
    return choice instanceof AccessChoice.Served s ? served(s.access().name()) : choice.toString();
  }
}
