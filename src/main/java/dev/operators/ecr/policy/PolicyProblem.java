package dev.operators.ecr.policy;

/**
 * One thing wrong with a lifecycle policy: where ({@code rules[2].selection.countNumber}) and what
 * to change.
 */
public record PolicyProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
