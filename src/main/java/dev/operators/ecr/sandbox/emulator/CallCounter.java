package dev.operators.ecr.sandbox.emulator;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many requests each operation received, failed ones included, and how many distinct
 * repositories those requests named.
 */
final class CallCounter {
  private final Map<EcrOperation, Long> counts = new EnumMap<>(EcrOperation.class);
  private final Map<EcrOperation, Set<String>> named = new EnumMap<>(EcrOperation.class);

  /**
   * @param repositories the repositories the request names (by name, names or ARN), if any
   */
  synchronized void record(EcrOperation operation, String region, Collection<String> repositories) {
    counts.merge(operation, 1L, Long::sum);
    if (!repositories.isEmpty()) {
      Set<String> keys = named.computeIfAbsent(operation, op -> new HashSet<>());
      // Repository names hold no spaces: one key per region and name.
      repositories.forEach(name -> keys.add(region + " " + name));
    }
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

  /** Distinct repositories (region and name) that requests for the operation named. */
  synchronized long repositories(EcrOperation operation) {
    Set<String> keys = named.get(operation);
    return keys == null ? 0 : keys.size();
  }

  /** Counts by wire name, sorted; operations never called are absent. */
  synchronized Map<String, Long> snapshot() {
    return byName(counts);
  }

  /**
   * Everything counted, read at one instant, and counted again from zero when {@code reset}: no
   * call falls between the reading and the reset.
   *
   * @param calls requests by wire name, sorted; operations never called are absent
   * @param repositories distinct repositories named, by wire name; operations that named none are
   *     absent
   * @param writes requests for operations that change state
   */
  record Reading(Map<String, Long> calls, Map<String, Long> repositories, long writes) {}

  synchronized Reading read(boolean reset) {
    Map<EcrOperation, Long> sizes = new EnumMap<>(EcrOperation.class);
    named.forEach((op, keys) -> sizes.put(op, (long) keys.size()));
    Reading reading = new Reading(byName(counts), byName(sizes), writeCount());
    if (reset) {
      reset();
    }
    return reading;
  }

  private static Map<String, Long> byName(Map<EcrOperation, Long> counts) {
    Map<String, Long> byName = new TreeMap<>();
    counts.forEach((op, n) -> byName.put(op.wireName(), n));
    return byName;
  }

  synchronized void reset() {
    counts.clear();
    named.clear();
  }
}
