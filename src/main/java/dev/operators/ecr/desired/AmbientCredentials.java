package dev.operators.ecr.desired;

import java.util.Locale;

/**
 * Whether the operator acts with its own credentials for a resource no EcrAccess serves ({@code
 * --ambient-credentials}).
 */
public enum AmbientCredentials {
  /** Every resource no EcrAccess serves is handled with the operator's own credentials. */
  ALL,
  /** None: such a resource is Stalled, reason NoAccess. */
  NONE;

  /** {@code all} or {@code none}, in any case. */
  public static AmbientCredentials parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "all" -> ALL;
      case "none" -> NONE;
      default -> throw new IllegalArgumentException("must be one of all, none, not '" + text + "'");
    };
  }

  /** As the flag spells it. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
