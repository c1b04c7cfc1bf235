package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoRateLimitTest {
  @Test
  void neverLimitsAndGivesEveryResourceTheSameEmptyState() {
    NoRateLimit limit = new NoRateLimit();
    assertSame(limit.initState(), limit.initState());
    assertSame(NoRateLimit.NONE, new NoRateLimit().initState());
    for (int i = 0; i < 1_000; i++) {
      assertEquals(Optional.empty(), limit.isLimited(limit.initState()));
    }
  }
}
