package dev.operators.ecr.policy;

/** What a lifecycle rule does to the images it marks. */
public enum ActionType {
  EXPIRE,
  TRANSITION
}
