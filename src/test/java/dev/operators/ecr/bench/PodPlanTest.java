package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.process.EmulatorSideDoor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pod scenario's Pods and images, as the operator will read their references. */
class PodPlanTest {
  private static final String REGISTRY = PodPlan.registryHost("123456789012", "eu-west-1");
  private static final List<String> REPOSITORIES =
      IntStream.range(0, 10).mapToObj(i -> "bench-" + i % 4 + "/repo-" + i).toList();
  private static final List<String> NAMESPACES = List.of("bench-0", "bench-1", "bench-2");

  private static PodPlan plan(int pods, int samples) {
    return new PodPlan(REGISTRY, REPOSITORIES, NAMESPACES, pods, samples);
  }

  @Test
  void theRegistryIsTheAccountAndRegionOfTheRepositoriesArns() {
    assertEquals(
        "123456789012",
        PodPlan.accountOf("arn:aws:ecr:eu-west-1:123456789012:repository/bench-0/repo-0"));
    assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com", REGISTRY);
    assertThrows(IllegalArgumentException.class, () -> PodPlan.accountOf("bench-0/repo-0"));
  }

  @Test
  void everyReferenceIsOneTheOperatorReadsAsAnEcrImageOfItsRepository() {
    PodPlan plan = plan(100, 5);
    for (int i = 0; i < plan.pods(); i++) {
      for (PodPlan.Container c : plan.pod(i).containers()) {
        EcrImage declared = EcrImage.parse(c.image()).orElseThrow(() -> new AssertionError(c));
        assertTrue(declared.in("123456789012", "eu-west-1", c.repository()), c.toString());
        EcrImage running = EcrImage.parse(plan.byDigest(c.repository(), c.digest())).orElseThrow();
        assertEquals(c.digest(), running.digest());
        assertEquals(c.repository(), running.repository());
      }
    }
  }

  @Test
  void podsSpreadOverNamespacesAndRepositoriesWithOneOrTwoContainersByTagOrByDigest() {
    PodPlan plan = plan(40, 0);
    assertEquals("bench-0", plan.pod(0).namespace());
    assertEquals("bench-1", plan.pod(1).namespace());
    assertEquals("pod-7", plan.pod(7).name());
    assertEquals(1, plan.pod(0).containers().size());
    assertEquals(2, plan.pod(2).containers().size());
    assertTrue(plan.pod(0).containers().get(0).image().endsWith("/bench-0/repo-0:v1"));
    assertTrue(plan.pod(1).containers().get(0).image().contains("/bench-1/repo-1@sha256:"));
    // Pod 10 comes back to repository 0, with its second image.
    assertEquals(PodPlan.digest("bench-0/repo-0", "v2"), plan.pod(10).containers().get(0).digest());
    // The sidecar runs image v1 of the repository half-way round.
    PodPlan.Container sidecar = plan.pod(2).containers().get(1);
    assertEquals("bench-3/repo-7", sidecar.repository());
    assertTrue(sidecar.image().endsWith("/bench-3/repo-7:v1"));
    assertEquals(40 + 20, plan.containers());
  }

  @Test
  void theImagesInUseAreTheDistinctDigestsTheContainersRun() {
    // 10 repositories × 3 images: 30 Pods reach each once.
    assertEquals(30, plan(30, 0).imagesInUse());
    assertEquals(30, plan(10_000, 0).imagesInUse());
    // Pods 0 and 1: images v1 of repositories 0 and 1; no sidecar.
    assertEquals(2, plan(2, 0).imagesInUse());
    // Pod 2 adds v1 of repository 2 and its sidecar v1 of repository 7; pod 3 v1 of repository 3
    // (its sidecar, v1 of repository 8, is new too).
    assertEquals(6, plan(4, 0).imagesInUse());
  }

  @Test
  void theSeedsAreEveryRepositorysThreeImagesAndTheSamplesAnchors() {
    PodPlan plan = plan(100, 4);
    List<EmulatorSideDoor.Seed> seeds = plan.seeds();
    assertEquals(10 * 3 + 4, seeds.size());
    assertEquals(
        new EmulatorSideDoor.Seed(
            "bench-0/repo-0", PodPlan.digest("bench-0/repo-0", "v1"), List.of("v1")),
        seeds.get(0));
    Set<String> digests = new HashSet<>();
    seeds.forEach(s -> digests.add(s.digest()));
    assertEquals(seeds.size(), digests.size(), "no two seeds share a digest");
    EmulatorSideDoor.Seed anchor = seeds.get(30);
    assertEquals(List.of(PodPlan.ROLLOUT_TAG), anchor.tags());
    assertEquals(plan.sample(0).anchorDigest(), anchor.digest());
  }

  @Test
  void samplesAreSpreadOneARepositoryEachRunningAnImageNoOtherPodRuns() {
    PodPlan plan = plan(100, 5);
    assertEquals(5, plan.samples());
    assertEquals("bench-0/repo-0", plan.sample(0).repository());
    assertEquals("bench-2/repo-2", plan.sample(1).repository());
    assertEquals("bench-0/repo-8", plan.sample(4).repository());
    Set<String> running = new HashSet<>();
    for (int i = 0; i < plan.pods(); i++) {
      plan.pod(i).containers().forEach(c -> running.add(c.digest()));
    }
    for (int s = 0; s < plan.samples(); s++) {
      PodPlan.Sample sample = plan.sample(s);
      assertTrue(!running.contains(sample.digest()) && !running.contains(sample.anchorDigest()));
      assertNotEquals(sample.digest(), sample.anchorDigest());
    }
    assertEquals(10, plan(100, 500).samples(), "at most one a repository");
  }

  @Test
  void digestsAreFixedByRepositoryAndLabel() {
    assertEquals(PodPlan.digest("a/b", "v1"), PodPlan.digest("a/b", "v1"));
    assertNotEquals(PodPlan.digest("a/b", "v1"), PodPlan.digest("a/b", "v2"));
    assertTrue(PodPlan.digest("a/b", "v1").matches("sha256:[0-9a-f]{64}"));
  }
}
