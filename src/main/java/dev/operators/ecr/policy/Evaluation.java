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

  /**
   * The sizes of the images expired, archived ones included: the storage they free (an upper bound,
   * as layers shared with images that stay are not freed). Images of unknown size count 0; {@link
   * #withoutSize()} says how many there are.
   */
  public long expiringBytes() {
    return bytes(ActionType.EXPIRE);
  }

  /** The sizes of the images moved to archive: storage that changes class, not freed. */
  public long transitioningBytes() {
    return bytes(ActionType.TRANSITION);
  }

  /** How many of the images acted on have no known size. */
  public long withoutSize() {
    return actions.stream().filter(a -> a.image().sizeInBytes() == null).count();
  }

  private long bytes(ActionType type) {
    long sum = 0;
    for (ImageAction action : actions) {
      Long size = action.image().sizeInBytes();
      if (action.type() == type && size != null) {
        sum = Math.addExact(sum, size);
      }
    }
    return sum;
  }
}
