package dev.operators.ecr.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Resyncs spread over the period, each resource at its own point in it. */
class ResyncScheduleTest {
  private static final Duration PERIOD = Duration.ofMinutes(10);
  private static final Duration TENTH = PERIOD.dividedBy(10);
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
  private final ResyncSchedule schedule = new ResyncSchedule(PERIOD);

  @Test
  void aResourceWaitsAtLeastATenthAndAtMostATenthMoreThanAPeriod() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      Instant at = NOW.plusMillis(random.nextInt(100_000_000));
      Duration delay = schedule.untilNext(resource(new UUID(random.nextLong(), i).toString()), at);
      assertTrue(
          delay.compareTo(TENTH) >= 0 && delay.compareTo(PERIOD.plus(TENTH)) < 0, delay.toString());
    }
  }

  @Test
  void aResourceCheckedOnTimeWaitsExactlyOnePeriod() {
    EcrRepository resource = resource("5b1f9a52-7c0e-4a8e-9d38-2f4c1e6b7a90");
    Duration first = schedule.untilNext(resource, NOW);
    Instant due = NOW.plus(first);

    assertEquals(first, schedule.untilNext(resource, NOW), "the same answer every time");
    assertEquals(PERIOD, schedule.untilNext(resource, due));
    assertEquals(PERIOD, schedule.untilNext(resource, due.plus(PERIOD)));
  }

  @Test
  void aResourceCheckedOffItsPointForAnEventKeepsItsPoint() {
    EcrRepository resource = resource("0f3c2d1e-9b8a-4c7d-8e6f-5a4b3c2d1e0f");
    Instant due = NOW.plus(schedule.untilNext(resource, NOW));

    Instant early = due.minus(PERIOD.dividedBy(2));
    assertEquals(PERIOD.dividedBy(2), schedule.untilNext(resource, early));
    Instant justBefore = due.minusSeconds(5);
    assertEquals(
        PERIOD.plusSeconds(5),
        schedule.untilNext(resource, justBefore),
        "not checked again within a tenth of a period: the next point after that");
  }

  @Test
  void resourcesCheckedAllAtOnceAreDueSpreadEvenly() {
    // A restart: every resource is reconciled in the same moment. Their next checks spread over
    // the period that starts a tenth of a period later.
    int resources = 10_000;
    int buckets = 10;
    int[] due = new int[buckets];
    Random random = new Random(2);
    for (int i = 0; i < resources; i++) {
      String uid = new UUID(random.nextLong(), random.nextLong()).toString();
      long sinceFirstDue = schedule.untilNext(resource(uid), NOW).minus(TENTH).toMillis();
      due[(int) (sinceFirstDue * buckets / PERIOD.toMillis())]++;
    }
    for (int count : due) {
      assertTrue(
          Math.abs(count - resources / buckets) < resources / buckets / 5,
          "due per tenth of the period: " + Arrays.toString(due));
    }
  }

  @Test
  void resourcesWithoutUidAreSpreadByName() {
    EcrRepository a = resource(null);
    EcrRepository b = resource(null);
    b.getMetadata().setName("other");

    assertNotEquals(schedule.untilNext(a, NOW), schedule.untilNext(b, NOW));
  }

  @Test
  void josdksOwnIntervalIsJustAboveTheLongestDelay() {
    Duration backstop = schedule.backstop();

    assertTrue(backstop.compareTo(PERIOD.plus(TENTH)) > 0, backstop.toString());
    assertTrue(backstop.compareTo(PERIOD.multipliedBy(13).dividedBy(10)) < 0, backstop.toString());
  }

  private static EcrRepository resource(String uid) {
    EcrRepository resource = new EcrRepository();
    resource.setMetadata(
        new ObjectMetaBuilder().withNamespace("team").withName("api").withUid(uid).build());
    return resource;
  }
}
