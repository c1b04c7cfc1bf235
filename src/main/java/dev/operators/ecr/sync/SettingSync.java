package dev.operators.ecr.sync;

/**
 * Keeps one kind of registry-level setting as declared: observe it in ECR, compare by meaning,
 * write what differs. Throws {@link dev.operators.ecr.desired.StalledException} when ECR holds
 * something the spec cannot be reconciled with and {@link dev.operators.ecr.aws.EcrException} when
 * a call fails.
 *
 * @param <D> the checked desired state
 * @param <O> what the kind reports beyond the comparison
 */
public interface SettingSync<D, O> {

  /**
   * @param managed whether the resource already manages the setting (created or adopted it): a
   *     managed setting found missing was deleted behind the operator's back
   */
  SettingOutcome<O> sync(D desired, boolean managed);

  /**
   * The same sync over a view of its port that withholds every write ({@link
   * dev.operators.ecr.aws.ReadOnlyEcrPort}): the pass of a paused resource, whose outcome tells
   * what it would have written, and writes nothing.
   */
  SettingSync<D, O> readOnly();

  /** Removes what the resource set from ECR; false when it was already gone. */
  boolean delete(D desired);
}
