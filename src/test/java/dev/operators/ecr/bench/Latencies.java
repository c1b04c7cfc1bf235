package dev.operators.ecr.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sample of durations and its median, 95th percentile and maximum (nearest rank: the value at
 * rank ⌈p × n⌉ of the sorted sample, so every figure is one that was measured).
 */
record Latencies(List<Duration> sorted) {

  Latencies {
    List<Duration> copy = new ArrayList<>(sorted);
    copy.sort(null);
    sorted = List.copyOf(copy);
  }

  int count() {
    return sorted.size();
  }

  /** The value at percentile {@code p} (0 < p <= 100); null for an empty sample. */
  Duration percentile(double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100: " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  Duration median() {
    return percentile(50);
  }

  Duration p95() {
    return percentile(95);
  }

  Duration max() {
    return sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
  }

  /** {@code median 41 ms, p95 88 ms, max 120 ms (n = 100)}. */
  String describe() {
    if (sorted.isEmpty()) {
      return "no sample";
    }
    return "median "
        + millis(median())
        + ", p95 "
        + millis(p95())
        + ", max "
        + millis(max())
        + " (n = "
        + count()
        + ")";
  }

  static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
