package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's settings: Pods only against the real API server, shards two or more, and the
 * report's name.
 */
class BenchmarkSettingsTest {
  private static OperatorBenchmark.Settings settings(String apiServer, int pods) {
    return settings(apiServer, "report", pods, 0);
  }

  private static OperatorBenchmark.Settings settings(
      String apiServer, String inUseProtection, int pods, int shards) {
    return new OperatorBenchmark.Settings(
        1000,
        Duration.ofMillis(20),
        "",
        10,
        0,
        Duration.ofSeconds(60),
        List.of(),
        Map.of(),
        false,
        true,
        Path.of("target/bench"),
        apiServer,
        inUseProtection,
        pods,
        100,
        shards);
  }

  @Test
  void withoutPodsTheReportIsNamedAsBefore() {
    assertEquals("report-1000.md", settings("mock", 0).reportName());
    assertEquals("report-1000.md", settings("real", 0).reportName());
  }

  @Test
  void theTimelineIsNamedAsTheReportWithTheApiServerAndTitledWithTheRun() {
    assertEquals("timeline-1000-mock", settings("mock", 0).timelineName());
    assertEquals("timeline-1000-real", settings("real", 0).timelineName());
    assertEquals(
        "timeline-1000-pods-10000-inuse-report-real", settings("real", 10_000).timelineName());
    assertEquals(
        "real API server (kube-apiserver + etcd), 1,000 repositories, operator on Java "
            + System.getProperty("java.version"),
        OperatorBenchmark.runTitle(settings("real", 0)));
  }

  @Test
  void podsNeedTheRealApiServer() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> settings("mock", 10_000));
    assertTrue(refused.getMessage().contains("-Dbench.apiServer=real"), refused.getMessage());
    assertEquals("report-1000-pods-10000-inuse-report.md", settings("real", 10_000).reportName());
    assertThrows(IllegalArgumentException.class, () -> settings("real", -1));
  }

  @Test
  void shardsAreTwoOrMoreBesideTheDefaultInstanceLabelledRoundRobin() {
    OperatorBenchmark.Settings two = withShards(2);
    assertEquals(3, two.instances());
    assertEquals("report-1000-shards-2.md", two.reportName());
    assertEquals(1, settings("mock", 0).instances());
    assertThrows(IllegalArgumentException.class, () -> withShards(1));
    assertThrows(IllegalArgumentException.class, () -> withShards(-2));
    assertEquals(
        List.of("a", "b", "-", "a", "b", "-"),
        IntStream.range(0, 6)
            .mapToObj(i -> OperatorBenchmark.shard(i, 2))
            .map(s -> s == null ? "-" : s)
            .toList());
    assertEquals(
        Map.of(EcrRepository.SHARD_LABEL, "b"),
        OperatorBenchmark.resource(4, 2).getMetadata().getLabels());
    assertTrue(OperatorBenchmark.resource(5, 2).getMetadata().getLabels().isEmpty());
    assertTrue(OperatorBenchmark.resource(4, 0).getMetadata().getLabels().isEmpty());
  }

  private static OperatorBenchmark.Settings withShards(int shards) {
    return settings("mock", "off", 0, shards);
  }
}
