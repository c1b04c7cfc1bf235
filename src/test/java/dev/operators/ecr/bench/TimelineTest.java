package dev.operators.ecr.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.process.EmulatorSideDoor.Calls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's time series: sampled at an interval, with phases, as CSV and back. */
class TimelineTest {

  @Test
  void samplesAreTakenAtTheIntervalWithTheCurrentPhase() {
    AtomicInteger ready = new AtomicInteger();
    AtomicLong calls = new AtomicLong();
    AtomicLong rss = new AtomicLong(-1);
    List<Timeline.Sample> samples;
    try (Timeline timeline =
        new Timeline(
            Duration.ofMillis(20),
            "create",
            ready::get,
            () -> new Timeline.Counts(calls.incrementAndGet(), 0),
            rss::get)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> timeline.samples().size() >= 3);
      ready.set(7);
      // 173.25 MiB
      rss.set(173L * 1024 * 1024 + 266_000);
      timeline.phase("converge");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> timeline.samples().stream().anyMatch(s -> s.phase().equals("converge")));
      timeline.close();
      samples = timeline.samples();
      int taken = samples.size();
      assertEquals(taken, timeline.samples().size(), "no sample after close");
    }
    for (int i = 1; i < samples.size(); i++) {
      assertTrue(samples.get(i).seconds() > samples.get(i - 1).seconds());
      assertTrue(samples.get(i).calls() > samples.get(i - 1).calls());
    }
    Timeline.Sample last = samples.get(samples.size() - 1);
    assertEquals("converge", last.phase());
    assertEquals(7, last.ready());
    assertEquals(173.3, last.rssMib(), 1e-9, "in MiB, one decimal");
    assertEquals("create", samples.get(0).phase(), "the first sample is in the first phase");
    assertTrue(samples.stream().anyMatch(s -> s.phase().equals("create") && s.ready() == 0));
    assertEquals(-1, samples.get(0).rssMib(), "no operator running: -1");
  }

  @Test
  void aSampleThatCannotBeReadIsLeftOut() {
    AtomicInteger reads = new AtomicInteger();
    try (Timeline timeline =
        new Timeline(
            Duration.ofMillis(10),
            "create",
            () -> 1,
            () -> {
              if (reads.incrementAndGet() == 2) {
                throw new IllegalStateException("the emulator is going away");
              }
              return new Timeline.Counts(reads.get(), 0);
            },
            () -> -1)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> timeline.samples().size() >= 3);
      List<Timeline.Sample> samples = timeline.samples();
      assertEquals(1, samples.get(0).calls());
      assertEquals(3, samples.get(1).calls());
    }
  }

  @Test
  void ratesAreTheCallsBetweenTwoSamplesOverTheTimeBetweenThem() {
    Timeline.Run run =
        new Timeline.Run(
            "r",
            List.of(
                new Timeline.Sample(0, "a", 0, 0, 0),
                new Timeline.Sample(0.5, "a", 0, 40, 10),
                new Timeline.Sample(1.5, "b", 0, 60, 10)));
    List<double[]> calls = run.perSecond(false);
    assertEquals(2, calls.size());
    assertArrayEquals(new double[] {0.5, 80}, calls.get(0), 1e-9);
    assertArrayEquals(new double[] {1.5, 20}, calls.get(1), 1e-9);
    List<double[]> writes = run.perSecond(true);
    assertArrayEquals(new double[] {0.5, 20}, writes.get(0), 1e-9);
    assertArrayEquals(new double[] {1.5, 0}, writes.get(1), 1e-9);
    assertTrue(new Timeline.Run("one", List.of(run.samples().get(0))).perSecond(false).isEmpty());
    assertTrue(new Timeline.Run("none", List.of()).perSecond(true).isEmpty());
  }

  @Test
  void theCsvReadsBackAsTheSameRun(@TempDir Path dir) throws Exception {
    Timeline.Run run =
        new Timeline.Run(
            "real API server, 1,000 repositories, operator on Java 17.0.15",
            List.of(
                new Timeline.Sample(0, "create", 0, 0, 0, -1),
                new Timeline.Sample(0.501, "steady state", 999, 2001, 1000, 172.3)));
    String csv = Timeline.csv(run);
    assertEquals(
        "# real API server, 1,000 repositories, operator on Java 17.0.15\n"
            + "seconds,phase,ready,ecr_calls,ecr_writes,rss_mib\n"
            + "0.000,create,0,0,0,-1\n"
            + "0.501,steady state,999,2001,1000,172.3\n",
        csv);
    Path file = dir.resolve("timeline.csv");
    Files.writeString(file, csv);
    assertEquals(run, Timeline.read(file));
  }

  @Test
  void aTimelineFromBeforeTheMemoryColumnIsReadWithoutMemory(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("timeline-1000-real.csv");
    Files.writeString(
        old,
        "# real API server\n"
            + "seconds,phase,ready,ecr_calls,ecr_writes\n"
            + "0.000,create,0,0,0\n"
            + "0.501,converge,12,40,20\n");
    assertEquals(
        new Timeline.Run(
            "real API server",
            List.of(
                new Timeline.Sample(0, "create", 0, 0, 0, -1),
                new Timeline.Sample(0.501, "converge", 12, 40, 20, -1))),
        Timeline.read(old));
  }

  @Test
  void aFileThatIsNotATimelineIsRefused(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report-1000.md");
    Files.writeString(report, "# Operator benchmark: 1000 repositories\n");
    assertThrows(IllegalArgumentException.class, () -> Timeline.read(report));
    Path cut = dir.resolve("cut.csv");
    Files.writeString(
        cut, "# t\nseconds,phase,ready,ecr_calls,ecr_writes,rss_mib\n0.5,create,0,0,0\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Timeline.read(cut));
    assertTrue(e.getMessage().contains("cut.csv:3: 6 fields expected"), e.getMessage());
    // An old file's lines have five fields, and no more.
    Path mixed = dir.resolve("mixed.csv");
    Files.writeString(
        mixed, "# t\nseconds,phase,ready,ecr_calls,ecr_writes\n0.5,create,0,0,0,150.0\n");
    e = assertThrows(IllegalArgumentException.class, () -> Timeline.read(mixed));
    assertTrue(e.getMessage().contains("mixed.csv:3: 5 fields expected"), e.getMessage());
    Path other = dir.resolve("other.csv");
    Files.writeString(other, "# t\nseconds,phase,ready\n0.5,create,0\n");
    e = assertThrows(IllegalArgumentException.class, () -> Timeline.read(other));
    assertTrue(e.getMessage().contains("not a benchmark timeline"), e.getMessage());
  }

  @Test
  void resetsOfTheEmulatorsCountsDoNotTakeTheTotalBack() {
    AtomicLong since = new AtomicLong();
    CumulativeCalls total =
        new CumulativeCalls(
            reset -> {
              long n = reset ? since.getAndSet(0) : since.get();
              return new Calls(Map.of("GetLifecyclePolicy", n), Map.of(), n / 2, Map.of());
            });
    since.set(10);
    assertEquals(new Timeline.Counts(10, 5), total.total());
    assertEquals(10, total.reset().total(), "a reset answers what it cleared");
    assertEquals(new Timeline.Counts(10, 5), total.total());
    since.set(4);
    assertEquals(new Timeline.Counts(14, 7), total.total());
  }
}
