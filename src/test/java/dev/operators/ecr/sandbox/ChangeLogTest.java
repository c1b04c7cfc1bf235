package dev.operators.ecr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

  @Test
  void aFollowerGetsTheChangesAfterItsVersionThenEachNewOne() {
    ChangeLog log = new ChangeLog(10);
    log.add(change(1));
    log.add(change(2));
    List<Long> seen = new ArrayList<>();
    Consumer<ChangeLog.Change> follower = c -> seen.add(c.resourceVersion());

    List<ChangeLog.Change> missed = log.follow(1, follower);
    log.add(change(3));
    log.unfollow(follower);
    log.add(change(4));

    assertEquals(List.of(2L), missed.stream().map(ChangeLog.Change::resourceVersion).toList());
    assertEquals(List.of(3L), seen);
  }

  @Test
  void aVersionWhoseChangesAreForgottenIsRefused() {
    ChangeLog log = new ChangeLog(2);
    for (long v = 1; v <= 4; v++) {
      log.add(change(v));
    }
    List<Long> seen = new ArrayList<>();

    assertNull(log.follow(1, c -> seen.add(c.resourceVersion())));
    log.add(change(5));
    assertEquals(List.of(), seen, "no follower was added");
    assertEquals(
        List.of(4L, 5L),
        log.follow(3, c -> {}).stream().map(ChangeLog.Change::resourceVersion).toList());
  }

  private static ChangeLog.Change change(long version) {
    return new ChangeLog.Change(version, null, null, null, "{}");
  }
}
