package dev.operators.ecr.sandbox.emulator;

import dev.operators.ecr.policy.ActionType;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.ImageAction;
import java.time.Instant;
import java.util.List;

/**
 * What one run of a repository's lifecycle policy did: expired images were deleted, transitioned
 * ones archived.
 */
public record LifecycleRun(
    String region, String repositoryName, Instant evaluatedAt, List<ImageAction> actions) {

  public LifecycleRun {
    actions = List.copyOf(actions);
  }

  public List<Image> expired() {
    return imagesWith(ActionType.EXPIRE);
  }

  public List<Image> transitioned() {
    return imagesWith(ActionType.TRANSITION);
  }

  private List<Image> imagesWith(ActionType type) {
    return actions.stream().filter(a -> a.type() == type).map(ImageAction::image).toList();
  }
}
