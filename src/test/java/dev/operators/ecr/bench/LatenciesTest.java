package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Median, 95th percentile and maximum by nearest rank: always a value that was measured. */
class LatenciesTest {
  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void aHundredValuesInAnyOrder() {
    List<Duration> values = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      values.add(ms(i));
    }
    Collections.shuffle(values, new java.util.Random(7));
    Latencies latencies = new Latencies(values);
    assertEquals(ms(50), latencies.median());
    assertEquals(ms(95), latencies.p95());
    assertEquals(ms(100), latencies.max());
    assertEquals("median 50 ms, p95 95 ms, max 100 ms (n = 100)", latencies.describe());
  }

  @Test
  void fewValues() {
    Latencies three = new Latencies(List.of(ms(30), ms(10), ms(20)));
    assertEquals(ms(20), three.median());
    assertEquals(ms(30), three.p95());
    Latencies one = new Latencies(List.of(ms(5)));
    assertEquals(ms(5), one.median());
    assertEquals(ms(5), one.percentile(1));
  }

  @Test
  void anEmptySampleHasNoFigures() {
    Latencies none = new Latencies(List.of());
    assertNull(none.median());
    assertNull(none.max());
    assertEquals("no sample", none.describe());
    assertThrows(IllegalArgumentException.class, () -> new Latencies(List.of(ms(1))).percentile(0));
  }
}
