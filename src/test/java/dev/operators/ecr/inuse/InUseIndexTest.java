package dev.operators.ecr.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InUseIndexTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final String DIGEST =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final InUseIndex index = new InUseIndex(clock);

  private static EcrImage image(String repositoryAndReference) {
    return EcrImage.parse(
            ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + repositoryAndReference)
        .orElseThrow();
  }

  private static final Workload DEPLOYMENT = new Workload("Deployment", "team", "api", "u1");
  private static final Workload POD = new Workload("Pod", "team", "api-5d9c-xyz", "u2");
  private static final Workload OTHER = new Workload("StatefulSet", "data", "db", "u3");

  @Test
  void reportsTheImagesOfARepositoryWithTheirUsers() {
    index.put(DEPLOYMENT, List.of(image("api:1.2")));
    index.put(POD, List.of(image("api@" + DIGEST), image("sidecar:3")));
    index.put(OTHER, List.of(image("api:1.2")));

    Map<EcrImage, List<Workload>> inUse = index.inUse(ACCOUNT, REGION, "api");

    assertEquals(
        Map.of(
            image("api:1.2"), List.of(DEPLOYMENT, OTHER),
            image("api@" + DIGEST), List.of(POD)),
        inUse);
    assertEquals(
        List.of("Deployment team/api", "StatefulSet data/db"),
        inUse.get(image("api:1.2")).stream().map(Workload::toString).toList());
    assertEquals(Map.of(image("sidecar:3"), List.of(POD)), index.inUse(ACCOUNT, REGION, "sidecar"));
    assertEquals(Map.of(), index.inUse(ACCOUNT, "eu-west-2", "api"));
    assertEquals(Map.of(), index.inUse("210987654321", REGION, "api"));
    assertEquals(3, index.images());
    assertEquals(3, index.workloads());
    assertEquals(
        Set.of(ACCOUNT + "/" + REGION + "/api", ACCOUNT + "/" + REGION + "/sidecar"),
        index.repositories());
  }

  @Test
  void anImageStopsBeingUsedWhenItsLastUserGoes() {
    index.put(DEPLOYMENT, List.of(image("api:1")));
    index.put(POD, List.of(image("api:1")));
    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")));

    clock.advance(Duration.ofMinutes(5));
    index.remove(DEPLOYMENT);
    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")));
    assertEquals(Map.of(image("api:1"), List.of(POD)), index.inUse(ACCOUNT, REGION, "api"));

    clock.advance(Duration.ofMinutes(5));
    index.remove(POD);
    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:1")));
    assertEquals(Map.of(), index.inUse(ACCOUNT, REGION, "api"));
    assertEquals(0, index.images());
    assertEquals(0, index.workloads());
  }

  @Test
  void whenAnImageStoppedIsForgottenAfterADaySoThatTheIndexDoesNotGrowWithEveryImageEverUsed() {
    index.put(POD, List.of(image("api:1")));
    index.remove(POD);
    Instant stopped = clock.instant();
    clock.advance(InUseIndex.STOPPED_KEPT);
    index.put(DEPLOYMENT, List.of(image("api:2")));
    index.remove(DEPLOYMENT);
    assertEquals(Optional.of(stopped), index.stoppedAt(image("api:1")), "a day exactly: kept");

    clock.advance(Duration.ofMinutes(1));
    index.put(DEPLOYMENT, List.of(image("api:3")));
    index.remove(DEPLOYMENT);

    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")), "older than a day: forgotten");
    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:3")));
  }

  @Test
  void aWorkloadThatChangesItsImagesReleasesTheOldOnes() {
    index.put(DEPLOYMENT, List.of(image("api:1"), image("sidecar:1")));
    clock.advance(Duration.ofMinutes(1));

    index.put(DEPLOYMENT, List.of(image("api:2"), image("sidecar:1")));

    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:1")));
    assertEquals(Optional.empty(), index.stoppedAt(image("sidecar:1")));
    assertEquals(Map.of(image("api:2"), List.of(DEPLOYMENT)), index.inUse(ACCOUNT, REGION, "api"));
  }

  @Test
  void anImageUsedAgainIsNoLongerStopped() {
    index.put(POD, List.of(image("api:1")));
    index.remove(POD);
    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:1")));

    index.put(OTHER, List.of(image("api:1")));

    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")));
  }

  @Test
  void anEmptySetForgetsTheWorkload() {
    index.put(POD, List.of(image("api:1")));
    index.put(POD, List.of());
    assertEquals(0, index.workloads());
    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:1")));
  }

  @Test
  void neverUsedIsNotStoppedAndRemovingAnUnknownWorkloadDoesNothing() {
    index.remove(POD);
    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")));
    assertEquals(0, index.images());
  }

  @Test
  void stoppedTimesAreForgottenOnRequest() {
    index.put(POD, List.of(image("api:1")));
    index.remove(POD);
    Instant first = clock.instant();
    clock.advance(Duration.ofHours(1));
    index.put(POD, List.of(image("api:2")));
    index.remove(POD);

    index.forgetStoppedBefore(first.plusSeconds(1));

    assertEquals(Optional.empty(), index.stoppedAt(image("api:1")));
    assertEquals(Optional.of(clock.instant()), index.stoppedAt(image("api:2")));
  }

  @Test
  void workloadsShareOneCopyOfAnImage() {
    index.put(DEPLOYMENT, List.of(image("api:1")));
    index.put(POD, List.of(image("api:1")));
    EcrImage kept = index.inUse(ACCOUNT, REGION, "api").keySet().iterator().next();

    index.remove(DEPLOYMENT);

    assertSame(kept, index.inUse(ACCOUNT, REGION, "api").keySet().iterator().next());
  }

  @Test
  void manyThreadsWritingAtOnceLeaveAConsistentIndex() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    Workload pod = new Workload("Pod", "ns", "p-" + thread + "-" + i, "u");
                    index.put(pod, List.of(image("api:" + (i % 7)), image("db:1")));
                    if (i % 2 == 0) {
                      index.remove(pod);
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1000, index.workloads());
    assertEquals(1000, index.inUse(ACCOUNT, REGION, "db").get(image("db:1")).size());
    assertEquals(7, index.inUse(ACCOUNT, REGION, "api").size());
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
