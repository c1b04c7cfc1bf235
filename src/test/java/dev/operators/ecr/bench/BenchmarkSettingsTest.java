package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pod scenario's settings: Pods only against the real API server, and their report's name. */
class BenchmarkSettingsTest {
  private static OperatorBenchmark.Settings settings(String apiServer, int pods) {
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
        "report",
        pods,
        100);
  }

  @Test
  void withoutPodsTheReportIsNamedAsBefore() {
    assertEquals("report-1000.md", settings("mock", 0).reportName());
    assertEquals("report-1000.md", settings("real", 0).reportName());
  }

  @Test
  void podsNeedTheRealApiServer() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> settings("mock", 10_000));
    assertTrue(refused.getMessage().contains("-Dbench.apiServer=real"), refused.getMessage());
    assertEquals("report-1000-pods-10000-inuse-report.md", settings("real", 10_000).reportName());
    assertThrows(IllegalArgumentException.class, () -> settings("real", -1));
  }
}
