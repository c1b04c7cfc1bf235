package dev.operators.ecr.sandbox.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Faults waiting to be answered instead of operations: a queue of counted ones, then a standing
 * one.
 */
final class Faults {
  private record Counted(Fault fault, int remaining) {}

  private final Map<EcrOperation, Deque<Counted>> counted = new EnumMap<>(EcrOperation.class);
  private final Map<EcrOperation, Fault> standing = new EnumMap<>(EcrOperation.class);

  synchronized void failNext(EcrOperation operation, int times, Fault fault) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + times);
    }
    counted.computeIfAbsent(operation, op -> new ArrayDeque<>()).addLast(new Counted(fault, times));
  }

  synchronized void failAlways(EcrOperation operation, Fault fault) {
    standing.put(operation, fault);
  }

  synchronized void clear() {
    counted.clear();
    standing.clear();
  }

  /** The fault this call of {@code operation} must answer with, consuming one counted fault. */
  synchronized Optional<Fault> next(EcrOperation operation) {
    Deque<Counted> queue = counted.get(operation);
    if (queue != null && !queue.isEmpty()) {
      Counted head = queue.removeFirst();
      if (head.remaining() > 1) {
        queue.addFirst(new Counted(head.fault(), head.remaining() - 1));
      }
      return Optional.of(head.fault());
    }
    return Optional.ofNullable(standing.get(operation));
  }
}
