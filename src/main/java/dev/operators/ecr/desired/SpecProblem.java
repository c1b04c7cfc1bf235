package dev.operators.ecr.desired;

/**
 * One thing wrong with an EcrRepository spec: where ({@code spec.lifecyclePolicy.rules[0]}) and
 * what.
 */
public record SpecProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
