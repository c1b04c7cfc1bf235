package dev.operators.ecr.policy;

import java.util.List;

/** What a policy does to a set of images at one moment: images untouched are not listed. */
public record Evaluation(List<ImageAction> actions) {
  public Evaluation {
    actions = List.copyOf(actions);
  }

  public long expiring() {
    return actions.stream().filter(a -> a.type() == ActionType.EXPIRE).count();
  }

  public long transitioning() {
    return actions.stream().filter(a -> a.type() == ActionType.TRANSITION).count();
  }
}
