package dev.operators.ecr.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the benchmark is doing, printed as it goes: each phase when it starts and when it ends, and
 * while a phase runs, a line every few seconds with its progress, such as {@code converging:
 * 412/1000 Ready, 37 s}.
 */
final class Progress implements AutoCloseable {
  static final String PREFIX = "[bench] ";

  private final PrintStream out;
  private final Duration every;
  private final ScheduledExecutorService ticker = daemonScheduler("bench-progress");

  /** One daemon thread of that name, for the benchmark's periodic work beside the run. */
  static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * @param every how often a running phase prints its progress
   */
  Progress(PrintStream out, Duration every) {
    this.out = out;
    this.every = every;
  }

  /** A phase with nothing to count: its start and its end. */
  Phase phase(String name) {
    return phase(name, null);
  }

  /**
   * A phase that prints {@code status} (e.g. {@code 412/1000 Ready}) every few seconds while it
   * runs, and once more when it ends.
   */
  Phase phase(String name, Supplier<String> status) {
    return new Phase(name, status);
  }

  void print(String line) {
    synchronized (out) {
      out.println(PREFIX + line);
      out.flush();
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }

  /** A phase under way; closing it prints its end and stops its progress lines. */
  final class Phase implements AutoCloseable {
    private final String name;
    private final Supplier<String> status;
    private final long startNanos = System.nanoTime();
    private final ScheduledFuture<?> tick;
    private boolean ended;

    private Phase(String name, Supplier<String> status) {
      this.name = name;
      this.status = status;
      print(name + ": started");
      tick =
          status == null
              ? null
              : ticker.scheduleAtFixedRate(
                  this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private String status() {
      try {
        return status.get();
      } catch (RuntimeException e) {
        return "(progress unknown: " + e.getMessage() + ")";
      }
    }

    private synchronized void tick() {
      if (!ended) {
        print(name + ": " + status() + ", " + elapsed().toSeconds() + " s");
      }
    }

    /** Prints the end of the phase: its length, and its status when it has one. */
    @Override
    public synchronized void close() {
      if (ended) {
        return;
      }
      ended = true;
      if (tick != null) {
        tick.cancel(false);
      }
      print(
          name
              + ": ended after "
              + String.format("%.1f s", elapsed().toMillis() / 1000.0)
              + (status == null ? "" : ", " + status()));
    }
  }
}
