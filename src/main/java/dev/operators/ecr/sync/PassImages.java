package dev.operators.ecr.sync;

import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.policy.Image;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A repository's images as one pass reads them: listed with DescribeImages once, when first needed,
 * so that the preview and the protection of images in use share one listing.
 */
final class PassImages {
  private final RepositoryImages images;
  private final RepositoryRef ref;
  private final UnaryOperator<List<Image>> evaluatedAs;
  private List<Image> listed;

  /**
   * @param evaluatedAs the images as a policy is evaluated over them: as listed, or as they will be
   *     once the images in use carry their protection tags
   */
  PassImages(RepositoryImages images, RepositoryRef ref, UnaryOperator<List<Image>> evaluatedAs) {
    this.images = images;
    this.ref = ref;
    this.evaluatedAs = evaluatedAs;
  }

  /** The images as listed, read at the first call. */
  List<Image> listed() {
    if (listed == null) {
      listed = images.list(ref);
    }
    return listed;
  }

  /** Whether the images were read in this pass already. */
  boolean isListed() {
    return listed != null;
  }

  /** The images a policy is evaluated over. */
  List<Image> evaluated() {
    return evaluatedAs.apply(listed());
  }
}
