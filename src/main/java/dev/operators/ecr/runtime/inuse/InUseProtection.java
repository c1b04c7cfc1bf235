package dev.operators.ecr.runtime.inuse;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the operator does about images in use ({@code --in-use-protection}). */
public enum InUseProtection {
  /** Nothing: the cluster is not watched. */
  OFF,
  /** Watches what runs and reports it; nothing in ECR changes. */
  REPORT,
  /** Watches what runs and keeps those images from lifecycle expiry. */
  PROTECT;

  /** The flag's spelling, in lower case. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a flag value; the message of the exception lists the values allowed. */
  public static InUseProtection parse(String value) {
    for (InUseProtection p : values()) {
      if (p.flagValue().equals(value == null ? null : value.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(values())
                .map(InUseProtection::flagValue)
                .collect(Collectors.joining(", "))
            + ", not '"
            + value
            + "'");
  }
}
