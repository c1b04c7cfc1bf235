package dev.operators.ecr.policy;

import java.time.Instant;
import java.util.Collection;

/** Decides which images a policy expires or archives at a given moment, as ECR does. */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  public static Evaluation evaluate(LifecyclePolicy policy, Collection<Image> images, Instant now) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
