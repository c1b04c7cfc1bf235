package dev.operators.ecr.bench;

import dev.operators.ecr.process.OperatorJvm;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The operator processes of one run: one, or the shards and the default instance beside them
 * ({@code bench.shards}). Times are the first start; CPU and memory are sums over the processes.
 */
final class OperatorInstances {
  private final List<OperatorJvm> processes;

  OperatorInstances(List<OperatorJvm> processes) {
    if (processes.isEmpty()) {
      throw new IllegalArgumentException("no operator process");
    }
    this.processes = List.copyOf(processes);
  }

  /** The only process; for what is measured in one process alone (class histogram, NMT). */
  OperatorJvm single() {
    if (processes.size() != 1) {
      throw new IllegalStateException(processes.size() + " operator processes, not one");
    }
    return processes.get(0);
  }

  /** When the first was started. */
  Instant startedAt() {
    return processes.stream().map(OperatorJvm::startedAt).min(Comparator.naturalOrder()).get();
  }

  /** Whether every one still runs. */
  boolean isAlive() {
    return processes.stream().allMatch(OperatorJvm::isAlive);
  }

  /** The exit code of the first that ended. */
  Optional<Integer> exitCode() {
    return processes.stream().map(OperatorJvm::exitCode).flatMap(Optional::stream).findFirst();
  }

  /** SIGTERM to each, as a rollout stops pods. */
  void stop() throws InterruptedException {
    for (OperatorJvm process : processes) {
      process.stop();
    }
  }

  Duration cpu() {
    return processes.stream().map(OperatorJvm::cpu).reduce(Duration.ZERO, Duration::plus);
  }

  long peakRssBytes() {
    return sum(processes.stream().mapToLong(OperatorJvm::peakRssBytes).toArray());
  }

  long rssBytes() {
    return sum(processes.stream().mapToLong(OperatorJvm::rssBytes).toArray());
  }

  long heapAfterGcBytes() throws IOException, InterruptedException {
    long[] heaps = new long[processes.size()];
    for (int i = 0; i < heaps.length; i++) {
      heaps[i] = processes.get(i).heapAfterGcBytes();
    }
    return sum(heaps);
  }

  // -1 (unreadable) when any is.
  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      if (v < 0) {
        return -1;
      }
      total += v;
    }
    return total;
  }
}
