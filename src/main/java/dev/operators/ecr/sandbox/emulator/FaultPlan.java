package dev.operators.ecr.sandbox.emulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults the emulator injects at random, drawn from a seeded {@link java.util.Random} so that a run
 * is reproducible: throttling, server errors, dropped connections and lost answers at a share of
 * calls, added latency with jitter, and a token-bucket rate limit per operation.
 *
 * <p>The shares, latency and drops apply to the operations in {@link #operations()} (all of them
 * when empty); rate limits name their operation. Each call draws one number to choose among drop,
 * throttling, server error or none, so the shares must add up to at most 1.
 *
 * @param seed seeds the random draws
 * @param throttle share of calls answered {@code ThrottlingException} (HTTP 400)
 * @param serverErrors share of calls answered {@code ServerException} (HTTP 500)
 * @param drops share of calls whose connection is closed without a response, before the operation
 *     runs
 * @param lostAnswers share of calls whose operation runs (and, for a write, changes ECR) but whose
 *     connection is closed before the answer: the client cannot tell this from a drop
 * @param latency added to each call, on average
 * @param jitter the added latency varies uniformly by up to this much either way
 * @param rateLimits calls per second allowed per operation (by its ECR name), with a burst of the
 *     same size (at least one call); calls above it answer {@code ThrottlingException}
 * @param operations the ECR operations the shares, latency and drops apply to; empty: all
 * @param accounts the accounts whose calls the plan applies to (shares, latency, drops and rate
 *     limits); empty: every account's
 */
public record FaultPlan(
    long seed,
    double throttle,
    double serverErrors,
    double drops,
    double lostAnswers,
    Duration latency,
    Duration jitter,
    Map<String, Double> rateLimits,
    Set<String> operations,
    Set<String> accounts) {

  /** A plan that injects nothing. */
  public static final FaultPlan NONE = builder().build();

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");

  public FaultPlan {
    share("throttle", throttle);
    share("server", serverErrors);
    share("drop", drops);
    share("lost", lostAnswers);
    if (throttle + serverErrors + drops + lostAnswers > 1.0) {
      throw new IllegalArgumentException(
          "throttle, server, drop and lost shares add up to more than 1: "
              + (throttle + serverErrors + drops + lostAnswers));
    }
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    if (jitter == null || jitter.isNegative() || jitter.compareTo(latency) > 0) {
      throw new IllegalArgumentException(
          "jitter must be between 0 and the latency (" + latency + "), was " + jitter);
    }
    rateLimits = Map.copyOf(rateLimits);
    rateLimits.forEach(
        (operation, rate) -> {
          EcrOperation.require(operation);
          if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                "rate limit of " + operation + " must be a positive number, was " + rate);
          }
        });
    operations = Set.copyOf(operations);
    operations.forEach(EcrOperation::require);
    accounts = Set.copyOf(accounts);
    accounts.forEach(Accounts::requireAccount);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the shares, latency and drops apply to {@code operation}. */
  boolean appliesTo(EcrOperation operation) {
    return operations.isEmpty() || operations.contains(operation.wireName());
  }

  /** Whether the plan applies to the calls of {@code account} at all. */
  boolean appliesTo(String account) {
    return accounts.isEmpty() || accounts.contains(account);
  }

  /**
   * Parses a plan from comma-separated {@code key=value} entries, e.g. {@code
   * throttle=0.2,server=0.05,latency=20ms~10ms,drop=0.01,lost=0.01,rate.PutLifecyclePolicy=5,seed=42}.
   *
   * <ul>
   *   <li>{@code throttle}, {@code server}, {@code drop}, {@code lost}: shares from 0 to 1
   *   <li>{@code latency}: {@code 20ms}, {@code 1s}, or with jitter {@code 20ms~10ms}
   *   <li>{@code rate.<Operation>}: calls per second
   *   <li>{@code ops}: the operations the shares, latency and drops apply to, joined by {@code +}
   *   <li>{@code accounts}: the accounts whose calls the plan applies to, joined by {@code +}
   *   <li>{@code seed}: a whole number
   * </ul>
   *
   * An empty text is a plan that injects nothing.
   *
   * @throws IllegalArgumentException naming the entry that is wrong
   */
  public static FaultPlan parse(String text) {
    Builder builder = builder();
    if (text == null || text.isBlank()) {
      return builder.build();
    }
    Set<String> keys = new LinkedHashSet<>();
    for (String entry : text.split(",", -1)) {
      String trimmed = entry.strip();
      int eq = trimmed.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("fault plan entry '" + trimmed + "' is not key=value");
      }
      String key = trimmed.substring(0, eq).strip();
      String value = trimmed.substring(eq + 1).strip();
      if (!keys.add(key)) {
        throw new IllegalArgumentException("fault plan entry '" + key + "' is given twice");
      }
      try {
        apply(builder, key, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault plan entry '" + trimmed + "': " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("fault plan '" + text + "': " + e.getMessage(), e);
    }
  }

  private static void apply(Builder builder, String key, String value) {
    if (key.startsWith("rate.")) {
      builder.rateLimit(key.substring("rate.".length()), number(value));
      return;
    }
    switch (key) {
      case "throttle" -> builder.throttle(number(value));
      case "server" -> builder.serverErrors(number(value));
      case "drop" -> builder.drops(number(value));
      case "lost" -> builder.lostAnswers(number(value));
      case "seed" -> builder.seed(seed(value));
      case "latency" -> {
        int tilde = value.indexOf('~');
        if (tilde < 0) {
          builder.latency(duration(value), Duration.ZERO);
        } else {
          builder.latency(
              duration(value.substring(0, tilde)), duration(value.substring(tilde + 1)));
        }
      }
      case "ops" -> builder.only(value.split("\\+", -1));
      case "accounts" -> builder.accounts(value.split("\\+", -1));
      default ->
          throw new IllegalArgumentException(
              "unknown key; use throttle, server, drop, lost, latency, rate.<Operation>, ops, accounts or seed");
    }
  }

  private static double number(String value) {
    try {
      double number = Double.parseDouble(value);
      if (Double.isNaN(number)) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a number");
    }
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number");
    }
  }

  private static Duration duration(String value) {
    Matcher m = DURATION.matcher(value.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a duration such as 20ms or 1s");
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }

  private static void share(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " share must be between 0 and 1, was " + value);
    }
  }

  /** Builds a {@link FaultPlan}; everything is off and the seed is 0 unless set. */
  public static final class Builder {
    private long seed;
    private double throttle;
    private double serverErrors;
    private double drops;
    private double lostAnswers;
    private Duration latency = Duration.ZERO;
    private Duration jitter = Duration.ZERO;
    private final Map<String, Double> rateLimits = new LinkedHashMap<>();
    private final Set<String> operations = new LinkedHashSet<>();
    private final Set<String> accounts = new LinkedHashSet<>();

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder throttle(double share) {
      this.throttle = share;
      return this;
    }

    public Builder serverErrors(double share) {
      this.serverErrors = share;
      return this;
    }

    public Builder drops(double share) {
      this.drops = share;
      return this;
    }

    public Builder lostAnswers(double share) {
      this.lostAnswers = share;
      return this;
    }

    public Builder latency(Duration latency, Duration jitter) {
      this.latency = latency;
      this.jitter = jitter;
      return this;
    }

    public Builder rateLimit(String operation, double callsPerSecond) {
      rateLimits.put(operation, callsPerSecond);
      return this;
    }

    /** The shares, latency and drops apply only to these operations (by their ECR names). */
    public Builder only(String... operations) {
      this.operations.addAll(Arrays.asList(operations));
      return this;
    }

    /** The plan applies only to the calls of these accounts (12-digit IDs). */
    public Builder accounts(String... accounts) {
      this.accounts.addAll(Arrays.asList(accounts));
      return this;
    }

    public FaultPlan build() {
      return new FaultPlan(
          seed,
          throttle,
          serverErrors,
          drops,
          lostAnswers,
          latency,
          jitter,
          rateLimits,
          operations,
          accounts);
    }
  }
}
