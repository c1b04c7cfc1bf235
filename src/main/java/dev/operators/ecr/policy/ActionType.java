package dev.operators.ecr.policy;

import java.util.Locale;

/** What a lifecycle rule does to the images it marks. */
public enum ActionType {
  EXPIRE,
  TRANSITION;

  /** The value as written in a policy document: {@code expire} or {@code transition}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
