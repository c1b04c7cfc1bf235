package dev.operators.ecr.sandbox.emulator;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many requests each operation (ECR's and STS's, by wire name) received, failed ones included,
 * in total and per account, and how many distinct repositories those requests named.
 */
final class CallCounter {
  /** The counts of one account, or of all of them. */
  private static final class Counts {
    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Set<String>> named = new HashMap<>();
    private long writes;

    void record(String operation, boolean write, Set<String> keys) {
      calls.merge(operation, 1L, Long::sum);
      writes += write ? 1 : 0;
      if (!keys.isEmpty()) {
        named.computeIfAbsent(operation, op -> new HashSet<>()).addAll(keys);
      }
    }

    Reading read() {
      Map<String, Long> sizes = new TreeMap<>();
      named.forEach((op, keys) -> sizes.put(op, (long) keys.size()));
      return new Reading(new TreeMap<>(calls), sizes, writes);
    }
  }

  private final Counts total = new Counts();
  private final Map<String, Counts> byAccount = new HashMap<>();

  /**
   * @param repositories the repositories the request names (by name, names or ARN), if any
   */
  synchronized void record(
      String account, EcrOperation operation, String region, Collection<String> repositories) {
    Set<String> keys = new HashSet<>();
    // Repository names hold no spaces: one key per account, region and name.
    repositories.forEach(name -> keys.add(account + " " + region + " " + name));
    total.record(operation.wireName(), operation.write(), keys);
    byAccount
        .computeIfAbsent(account, a -> new Counts())
        .record(operation.wireName(), operation.write(), keys);
  }

  synchronized void record(String account, StsOperation operation) {
    total.record(operation.wireName(), false, Set.of());
    byAccount
        .computeIfAbsent(account, a -> new Counts())
        .record(operation.wireName(), false, Set.of());
  }

  synchronized long count(String operation) {
    return total.calls.getOrDefault(operation, 0L);
  }

  synchronized long count(String account, String operation) {
    Counts counts = byAccount.get(account);
    return counts == null ? 0 : counts.calls.getOrDefault(operation, 0L);
  }

  synchronized long writeCount() {
    return total.writes;
  }

  /** Distinct repositories (account, region and name) that requests for the operation named. */
  synchronized long repositories(String operation) {
    Set<String> keys = total.named.get(operation);
    return keys == null ? 0 : keys.size();
  }

  /** Counts by wire name, sorted; operations never called are absent. */
  synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(total.calls);
  }

  /** One account's counts by wire name, sorted; operations never called are absent. */
  synchronized Map<String, Long> snapshot(String account) {
    Counts counts = byAccount.get(account);
    return counts == null ? new TreeMap<>() : new TreeMap<>(counts.calls);
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

  /**
   * @param account whose calls; null for every account's
   */
  synchronized Reading read(String account, boolean reset) {
    Counts counts = account == null ? total : byAccount.getOrDefault(account, new Counts());
    Reading reading = counts.read();
    if (reset) {
      reset();
    }
    return reading;
  }

  synchronized void reset() {
    total.calls.clear();
    total.named.clear();
    total.writes = 0;
    byAccount.clear();
  }
}
