package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the emulator holds: one registry per account and region, and the accounts themselves.
 * Callers synchronise on this object.
 */
final class EcrState {
  private final Accounts accounts;
  private final Supplier<Instant> clock;
  private final Map<String, Registry> registries = new HashMap<>();
  private final Upstreams upstreams = new Upstreams();

  EcrState(String accountId, Supplier<Instant> clock) {
    this.accounts = new Accounts(accountId);
    this.clock = clock;
  }

  /** The default account: long-term keys the emulator was not told about belong to it. */
  String accountId() {
    return accounts.defaultAccount();
  }

  /** The keys, roles and sessions; guarded by their own lock, not this object's. */
  Accounts accounts() {
    return accounts;
  }

  /** The emulator's time, in the millisecond precision the wire carries. */
  Instant now() {
    return clock.get().truncatedTo(ChronoUnit.MILLIS);
  }

  /** What pull-through cache validation finds beyond the emulator, in every region. */
  Upstreams upstreams() {
    return upstreams;
  }

  /** The default account's registry in {@code region}. */
  Registry registry(String region) {
    return registry(accountId(), region);
  }

  Registry registry(String accountId, String region) {
    // Account IDs are 12 digits: no separator can be ambiguous.
    return registries.computeIfAbsent(
        accountId + " " + region, key -> new Registry(region, accountId));
  }
}
