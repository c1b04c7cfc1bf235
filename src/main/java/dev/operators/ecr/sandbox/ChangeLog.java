package dev.operators.ecr.sandbox;

import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The latest writes to the local API's store, and those to come: a watch over plain HTTP starts at
 * any resourceVersion this still holds, as an API server's watch cache starts it.
 */
final class ChangeLog {

  /**
   * One write: the object before it (null when created) and after it (null when deleted), each with
   * the attributes the store matches it by.
   */
  record Change(
      long resourceVersion,
      AttributeSet oldKey,
      String oldObject,
      AttributeSet newKey,
      String newObject) {}

  private final int capacity;
  private final ArrayDeque<Change> changes;
  private final List<Consumer<Change>> listeners = new ArrayList<>();
  private long forgotten;

  ChangeLog(int capacity) {
    this.capacity = capacity;
    this.changes = new ArrayDeque<>(capacity);
  }

  synchronized void add(Change change) {
    if (changes.size() == capacity) {
      forgotten = changes.removeFirst().resourceVersion();
    }
    changes.addLast(change);
    listeners.forEach(l -> l.accept(change));
  }

  /**
   * The changes after {@code resourceVersion}, oldest first, and from now on each change as it is
   * added, to {@code listener}; null, and no listener, when some of the changes are forgotten.
   */
  synchronized List<Change> follow(long resourceVersion, Consumer<Change> listener) {
    if (resourceVersion < forgotten) {
      return null;
    }
    listeners.add(listener);
    return changes.stream().filter(c -> c.resourceVersion() > resourceVersion).toList();
  }

  synchronized void unfollow(Consumer<Change> listener) {
    listeners.remove(listener);
  }
}
