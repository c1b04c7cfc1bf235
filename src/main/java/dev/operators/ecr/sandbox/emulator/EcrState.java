package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Everything the emulator holds: one registry per region. Callers synchronise on this object. */
final class EcrState {
  private final String accountId;
  private final Supplier<Instant> clock;
  private final Map<String, Registry> registries = new HashMap<>();
  private final Upstreams upstreams = new Upstreams();

  EcrState(String accountId, Supplier<Instant> clock) {
    this.accountId = accountId;
    this.clock = clock;
  }

  String accountId() {
    return accountId;
  }

  /** The emulator's time, in the millisecond precision the wire carries. */
  Instant now() {
    return clock.get().truncatedTo(ChronoUnit.MILLIS);
  }

  /** What pull-through cache validation finds beyond the emulator, in every region. */
  Upstreams upstreams() {
    return upstreams;
  }

  Registry registry(String region) {
    return registries.computeIfAbsent(region, r -> new Registry(r, accountId));
  }
}
