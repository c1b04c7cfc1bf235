package dev.operators.ecr.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.aws.PullThroughCacheRule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DesiredPullThroughCacheRuleTest {
  private static final DesiredSettings SETTINGS =
      new DesiredSettings("test-cluster", "eu-west-1", false);
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

  static EcrPullThroughCacheRule rule(Consumer<EcrPullThroughCacheRuleSpec> change) {
    EcrPullThroughCacheRule resource = new EcrPullThroughCacheRule();
    resource.setMetadata(new ObjectMetaBuilder().withName("docker-hub").build());
    EcrPullThroughCacheRuleSpec spec = new EcrPullThroughCacheRuleSpec();
    spec.setEcrRepositoryPrefix("docker-hub");
    spec.setUpstreamRegistryUrl("registry-1.docker.io");
    spec.setUpstreamRegistry("docker-hub");
    spec.setCredentialArn(SECRET);
    change.accept(spec);
    resource.setSpec(spec);
    return resource;
  }

  @Test
  void aCompleteSpecBecomesTheRuleInTheOperatorsRegion() {
    DesiredPullThroughCacheRule desired = DesiredPullThroughCacheRule.of(rule(s -> {}), SETTINGS);
    assertEquals("eu-west-1", desired.region());
    assertEquals(
        new PullThroughCacheRule(
            "docker-hub", "registry-1.docker.io", "docker-hub", null, SECRET, null),
        desired.rule());
    assertEquals(DeletionPolicy.Delete, desired.deletionPolicy());
    assertEquals("eu-west-1/docker-hub", desired.claim());
    assertEquals("pull-through cache rule docker-hub in eu-west-1", desired.toString());
  }

  @Test
  void anEcrUpstreamWithItsRoleAndRootPrefix() {
    DesiredPullThroughCacheRule desired =
        DesiredPullThroughCacheRule.of(
            rule(
                s -> {
                  s.setEcrRepositoryPrefix("ROOT");
                  s.setUpstreamRegistry("ecr");
                  s.setUpstreamRegistryUrl("111122223333.dkr.ecr.us-east-1.amazonaws.com");
                  s.setUpstreamRepositoryPrefix("team-a");
                  s.setCredentialArn(null);
                  s.setCustomRoleArn("arn:aws:iam::123456789012:role/ecr-upstream");
                  s.setRegion("us-east-2");
                  s.setDeletionPolicy(DeletionPolicy.Retain);
                }),
            SETTINGS);
    assertEquals("us-east-2/ROOT", desired.claim());
    assertEquals("team-a", desired.rule().upstreamRepositoryPrefix());
    assertEquals(DeletionPolicy.Retain, desired.deletionPolicy());
  }

  @Test
  void everyProblemIsNamedWithItsPath() {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                DesiredPullThroughCacheRule.of(
                    rule(
                        s -> {
                          s.setEcrRepositoryPrefix("Docker_Hub!");
                          s.setUpstreamRegistryUrl(null);
                          s.setUpstreamRegistry("dockerhub");
                          s.setUpstreamRepositoryPrefix("x");
                          s.setCredentialArn(
                              "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-creds-AbCdEf");
                          s.setCustomRoleArn("role/ecr");
                          s.setRegion("Europe");
                        }),
                    SETTINGS));
    List<String> paths = e.problems().stream().map(SpecProblem::path).toList();
    assertEquals(
        List.of(
            "spec.ecrRepositoryPrefix",
            "spec.upstreamRepositoryPrefix",
            "spec.upstreamRegistryUrl",
            "spec.upstreamRegistry",
            "spec.credentialArn",
            "spec.customRoleArn",
            "spec.region"),
        paths);
    assertTrue(e.getMessage().contains("ecr-pullthroughcache/"), e.getMessage());
    assertTrue(e.getMessage().contains("use one of ecr, ecr-public"), e.getMessage());
  }

  @Test
  void aManagedRuleCannotMoveToAnotherPrefixOrRegion() {
    EcrPullThroughCacheRule moved = rule(s -> s.setEcrRepositoryPrefix("hub2"));
    var status = new dev.operators.ecr.api.EcrPullThroughCacheRuleStatus();
    status.setManaged(true);
    status.setEcrRepositoryPrefix("docker-hub");
    status.setRegion("us-east-1");
    moved.setStatus(status);
    var e =
        assertThrows(
            InvalidSpecException.class, () -> DesiredPullThroughCacheRule.of(moved, SETTINGS));
    assertEquals(
        List.of("spec.ecrRepositoryPrefix", "spec.region"),
        e.problems().stream().map(SpecProblem::path).toList());

    status.setManaged(null);
    assertEquals(
        "hub2", DesiredPullThroughCacheRule.of(moved, SETTINGS).rule().ecrRepositoryPrefix());
  }

  @Test
  void noRegionAnywhereIsAProblem() {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                DesiredPullThroughCacheRule.of(
                    rule(s -> {}), new DesiredSettings("test-cluster", null, false)));
    assertEquals("spec.region", e.problems().get(0).path());
  }

  @Test
  void anEmptyObjectLacksItsPrefixAndUpstream() {
    EcrPullThroughCacheRule empty = new EcrPullThroughCacheRule();
    empty.setMetadata(new ObjectMetaBuilder().withName("empty").build());
    empty.setSpec(null);
    List<String> paths =
        DesiredPullThroughCacheRule.check(empty).stream().map(SpecProblem::path).toList();
    assertEquals(List.of("spec.ecrRepositoryPrefix", "spec.upstreamRegistryUrl"), paths);
  }
}
