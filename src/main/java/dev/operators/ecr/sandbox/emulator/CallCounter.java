package dev.operators.ecr.sandbox.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** How many requests each operation received, failed ones included. */
final class CallCounter {
  private final Map<EcrOperation, Long> counts = new EnumMap<>(EcrOperation.class);

  synchronized void record(EcrOperation operation) {
    counts.merge(operation, 1L, Long::sum);
  }

  synchronized long count(EcrOperation operation) {
    return counts.getOrDefault(operation, 0L);
  }

  synchronized long writeCount() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().write())
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Counts by wire name, sorted; operations never called are absent. */
  synchronized Map<String, Long> snapshot() {
    Map<String, Long> byName = new TreeMap<>();
    counts.forEach((op, n) -> byName.put(op.wireName(), n));
    return byName;
  }

  synchronized void reset() {
    counts.clear();
  }
}
