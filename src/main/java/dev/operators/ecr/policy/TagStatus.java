package dev.operators.ecr.policy;

import java.util.Locale;

/** Which images a rule selects by their tags. */
public enum TagStatus {
  TAGGED,
  UNTAGGED,
  ANY;

  /** The value as written in a policy document: {@code tagged}, {@code untagged} or {@code any}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
