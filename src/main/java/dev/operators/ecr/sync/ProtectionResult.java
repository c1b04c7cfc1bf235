package dev.operators.ecr.sync;

import dev.operators.ecr.api.ProtectionStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the protection of a repository's images in use did in one pass, and what it keeps.
 *
 * @param tagPrefix what this cluster's protection tags begin with
 * @param protectedImages images that carry this cluster's protection tag after the pass
 * @param inGrace of those, the images out of use whose grace period is not over
 * @param keptByPolicy of those, the images out of use past the grace period that the user's policy
 *     alone would keep, and whose protection tag is their last
 * @param tagged protection tags added in this pass
 * @param released protection tags removed in this pass
 * @param nextRelease when the next grace period ends; null when none runs
 * @param problems what kept an image in use from being protected, or a tag from coming off
 */
public record ProtectionResult(
    String tagPrefix,
    int protectedImages,
    int inGrace,
    int keptByPolicy,
    int tagged,
    int released,
    Instant nextRelease,
    List<String> problems) {

  public ProtectionResult {
    problems = List.copyOf(problems);
  }

  /**
   * The problems the status and the Event show: the first {@value ProtectionStatus#PROBLEMS_SHOWN}.
   */
  public List<String> problemsShown() {
    return problems.subList(0, Math.min(problems.size(), ProtectionStatus.PROBLEMS_SHOWN));
  }

  /** Whether the pass added or removed a protection tag. */
  public boolean changed() {
    return tagged + released > 0;
  }
}
