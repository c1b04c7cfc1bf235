package dev.operators.ecr.sandbox.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Faults waiting to be answered instead of operations (ECR's or STS's, by wire name): a queue of
 * counted ones, then a standing one; each for every account or for one. An account's own faults
 * come before those for every account. Apart from them, access to an operation can be denied in an
 * account.
 */
final class Faults {
  private record Counted(Fault fault, int remaining) {}

  /** An operation in one account; a null account stands for every account. */
  private record Key(String account, String operation) {}

  private final Map<Key, Deque<Counted>> counted = new HashMap<>();
  private final Map<Key, Fault> standing = new HashMap<>();
  private final Set<Key> denied = new HashSet<>();

  /**
   * @param account null for every account
   */
  synchronized void failNext(String account, String operation, int times, Fault fault) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    counted
        .computeIfAbsent(new Key(account, operation), k -> new ArrayDeque<>())
        .addLast(new Counted(fault, times));
  }

  /**
   * @param account null for every account
   */
  synchronized void failAlways(String account, String operation, Fault fault) {
    standing.put(new Key(account, operation), fault);
  }

  synchronized void deny(String account, String operation) {
    denied.add(new Key(account, operation));
  }

  synchronized boolean denied(String account, String operation) {
    return denied.contains(new Key(account, operation));
  }

  synchronized void clear() {
    counted.clear();
    standing.clear();
    denied.clear();
  }

  /**
   * The fault this call of {@code operation} in {@code account} must answer with, consuming one
   * counted fault.
   */
  synchronized Optional<Fault> next(String account, String operation) {
    Key own = new Key(account, operation);
    Key every = new Key(null, operation);
    return take(own)
        .or(() -> take(every))
        .or(() -> Optional.ofNullable(standing.get(own)))
        .or(() -> Optional.ofNullable(standing.get(every)));
  }

  private Optional<Fault> take(Key key) {
    Deque<Counted> queue = counted.get(key);
    if (queue == null || queue.isEmpty()) {
      return Optional.empty();
    }
    Counted head = queue.removeFirst();
    if (head.remaining() > 1) {
      queue.addFirst(new Counted(head.fault(), head.remaining() - 1));
    }
    return Optional.of(head.fault());
  }
}
