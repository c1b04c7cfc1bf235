package dev.operators.ecr.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The benchmark prints each phase as it starts and ends, and its progress while it runs. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    synchronized (out) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void aPhasePrintsItsStartItsProgressWhileItRunsAndItsEnd() {
    AtomicInteger ready = new AtomicInteger();
    try (Progress progress = new Progress(out, Duration.ofMillis(20))) {
      try (var phase =
          progress.phase("converging", () -> ready.incrementAndGet() + "/1000 Ready")) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> lines().stream().filter(l -> l.contains(" Ready, ")).count() >= 3);
      }
      List<String> lines = lines();
      assertEquals("[bench] converging: started", lines.get(0));
      assertTrue(lines.get(1).matches("\\[bench] converging: 1/1000 Ready, \\d+ s"), lines.get(1));
      assertTrue(lines.get(2).matches("\\[bench] converging: 2/1000 Ready, \\d+ s"), lines.get(2));
      String end = lines.get(lines.size() - 1);
      assertTrue(
          end.matches("\\[bench] converging: ended after \\d+\\.\\d s, \\d+/1000 Ready"),
          lines.toString());
      assertEquals(1, lines.stream().filter(l -> l.contains("ended after")).count());
    }
  }

  @Test
  void aPhaseWithNothingToCountPrintsItsStartAndEndOnly() {
    try (Progress progress = new Progress(out, Duration.ofMillis(1))) {
      try (var phase = progress.phase("memory")) {
        progress.print("inside");
      }
    }
    List<String> lines = lines();
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("[bench] memory: started", lines.get(0));
    assertEquals("[bench] inside", lines.get(1));
    assertTrue(lines.get(2).matches("\\[bench] memory: ended after \\d+\\.\\d s"), lines.get(2));
  }

  @Test
  void progressThatCannotBeReadIsSaidSo() {
    try (Progress progress = new Progress(out, Duration.ofMillis(20))) {
      try (var phase =
          progress.phase(
              "steady state",
              () -> {
                throw new IllegalStateException("side door answered 500");
              })) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> lines().stream().anyMatch(l -> l.contains("progress unknown")));
      }
    }
    assertTrue(
        lines()
            .get(1)
            .startsWith("[bench] steady state: (progress unknown: side door answered 500)"),
        lines().toString());
  }

  @Test
  void theOperatorsMemoryCanEndAProgressLine() {
    assertEquals(", RSS 173 MiB", OperatorBenchmark.rss(173L * 1024 * 1024 + 100_000));
    assertEquals("", OperatorBenchmark.rss(-1), "no operator running: nothing said");
  }
}
