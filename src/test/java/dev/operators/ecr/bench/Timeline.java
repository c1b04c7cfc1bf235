package dev.operators.ecr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A benchmark run as a time series: at a fixed interval, the resources Ready, the ECR calls the
 * emulator counted so far and the operator's resident memory, with the phase the run was in;
 * written as CSV and drawn by {@link TimelineChart}.
 */
final class Timeline implements AutoCloseable {
  /** The sampling interval of a benchmark run. */
  static final Duration EVERY = Duration.ofMillis(500);

  /**
   * One sample.
   *
   * @param seconds since the timeline started
   * @param phase the phase of the run at that moment
   * @param ready resources Ready at their generation
   * @param calls ECR calls since the timeline started
   * @param writes of those, calls that change ECR
   * @param rssMib the running operator processes' resident memory (VmRSS, summed) in MiB, to one
   *     decimal; -1 when none ran or it could not be read
   */
  record Sample(double seconds, String phase, long ready, long calls, long writes, double rssMib) {
    /** A sample without the operator's memory (as the timelines before it was recorded). */
    Sample(double seconds, String phase, long ready, long calls, long writes) {
      this(seconds, phase, ready, calls, writes, -1);
    }
  }

  /** Cumulative ECR counts: calls and, of them, writes. */
  record Counts(long calls, long writes) {}

  /**
   * A run's samples under its title (API server, resources, JDK).
   *
   * @param title what the run was
   * @param samples in time order
   */
  record Run(String title, List<Sample> samples) {
    Run {
      samples = List.copyOf(samples);
    }

    /**
     * ECR calls (or, with {@code writes}, write calls) per second between each sample and the one
     * before it, placed at the later sample: one fewer than the samples.
     */
    List<double[]> perSecond(boolean writes) {
      List<double[]> rates = new ArrayList<>();
      for (int i = 1; i < samples.size(); i++) {
        Sample before = samples.get(i - 1);
        Sample now = samples.get(i);
        double dt = now.seconds() - before.seconds();
        if (dt > 0) {
          long delta = writes ? now.writes() - before.writes() : now.calls() - before.calls();
          rates.add(new double[] {now.seconds(), delta / dt});
        }
      }
      return rates;
    }
  }

  private static final String HEADER = "seconds,phase,ready,ecr_calls,ecr_writes,rss_mib";

  /** The header of the timelines written before the operator's memory was recorded. */
  private static final String HEADER_WITHOUT_RSS = "seconds,phase,ready,ecr_calls,ecr_writes";

  private static final double MIB = 1024 * 1024;
  private static final String TITLE = "# ";

  private final IntSupplier ready;
  private final Supplier<Counts> counts;
  private final LongSupplier rssBytes;
  private final long startNanos = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService sampler = Progress.daemonScheduler("bench-timeline");
  private volatile String phase;

  /**
   * Starts sampling at once, then every {@code every}.
   *
   * @param phase the phase of the first samples
   * @param ready resources Ready now
   * @param counts the ECR counts so far (cumulative: never going back)
   * @param rssBytes the running operator processes' resident memory in bytes; -1 when none runs or
   *     it cannot be read
   */
  Timeline(
      Duration every,
      String phase,
      IntSupplier ready,
      Supplier<Counts> counts,
      LongSupplier rssBytes) {
    this.phase = phase;
    this.ready = ready;
    this.counts = counts;
    this.rssBytes = rssBytes;
    sampler.scheduleAtFixedRate(this::sample, 0, every.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** From now on, samples belong to {@code name}. */
  void phase(String name) {
    phase = name;
  }

  private void sample() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    try {
      Counts now = counts.get();
      Sample sample =
          new Sample(
              seconds,
              phase,
              ready.getAsInt(),
              now.calls(),
              now.writes(),
              mib(rssBytes.getAsLong()));
      synchronized (samples) {
        samples.add(sample);
      }
    } catch (RuntimeException e) {
      // A sample that cannot be read (the emulator busy or going away) is left out; the rates
      // are computed over the time between the samples that were taken.
    }
  }

  /** Bytes in MiB to one decimal; -1 (unknown) stays -1. */
  static double mib(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / MIB * 10) / 10.0;
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** Stops sampling; the samples taken stay. */
  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A run as CSV: a {@code # title} line, a header, one line per sample. */
  static String csv(Run run) {
    StringBuilder out = new StringBuilder();
    out.append(TITLE).append(run.title().replace('\n', ' ')).append('\n');
    out.append(HEADER).append('\n');
    for (Sample s : run.samples()) {
      out.append(String.format(Locale.ROOT, "%.3f", s.seconds()))
          .append(',')
          .append(s.phase().replace(',', ' '))
          .append(',')
          .append(s.ready())
          .append(',')
          .append(s.calls())
          .append(',')
          .append(s.writes())
          .append(',')
          .append(s.rssMib() < 0 ? "-1" : String.format(Locale.ROOT, "%.1f", s.rssMib()))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Reads what {@link #csv(Run)} wrote, or a timeline from before the operator's memory was
   * recorded (no {@code rss_mib} column: its samples have -1).
   */
  static Run read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.size() < 2
        || !lines.get(0).startsWith(TITLE)
        || !(lines.get(1).equals(HEADER) || lines.get(1).equals(HEADER_WITHOUT_RSS))) {
      throw new IllegalArgumentException(
          file
              + ": not a benchmark timeline (a '# title' line, then '"
              + HEADER
              + "', or the older header without rss_mib)");
    }
    String header = lines.get(1);
    int fields = header.split(",").length;
    List<Sample> samples = new ArrayList<>();
    for (int i = 2; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != fields) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": " + fields + " fields expected (" + header + "): " + line);
      }
      samples.add(
          new Sample(
              Double.parseDouble(f[0]),
              f[1],
              Long.parseLong(f[2]),
              Long.parseLong(f[3]),
              Long.parseLong(f[4]),
              fields > 5 ? Double.parseDouble(f[5]) : -1));
    }
    return new Run(lines.get(0).substring(TITLE.length()), samples);
  }
}
