package dev.operators.ecr.sync;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.desired.DesiredDeletion;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.desired.StalledException;
import java.util.List;
import java.util.Optional;

/** Carries out the deletion policy when an EcrRepository is deleted. */
public class RepositoryDeletion {

  /** What happened to the repository. */
  public enum Result {
    RETAINED,
    DELETED,
    ALREADY_GONE,
    /** It belongs to another resource, or to nobody: it is never deleted on our behalf. */
    NOT_OWNED
  }

  private final EcrPort ecr;

  public RepositoryDeletion(EcrPort ecr) {
    this.ecr = ecr;
  }

  /**
   * @throws StalledException when the repository still holds images and forceDelete is off: the
   *     finalizer stays
   */
  public Result delete(DesiredDeletion deletion) {
    RepositoryRef ref = deletion.ref();
    Owner owner = deletion.owner();
    DeletionPolicy policy = deletion.policy();
    Optional<RepositoryInfo> repository = ecr.describeRepository(ref);
    if (repository.isEmpty()) {
      return policy == DeletionPolicy.Delete ? Result.ALREADY_GONE : Result.RETAINED;
    }
    String arn = repository.get().arn();
    boolean owned = owner.equals(Owner.fromTags(ecr.listTags(ref, arn)));
    if (policy != DeletionPolicy.Delete) {
      // A retained repository is released: without the owner tag another resource may adopt it.
      if (owned) {
        ecr.untagResource(ref, arn, List.of(Owner.TAG_KEY));
      }
      return Result.RETAINED;
    }
    if (!owned) {
      return Result.NOT_OWNED;
    }
    try {
      return ecr.deleteRepository(ref, deletion.force()) ? Result.DELETED : Result.ALREADY_GONE;
    } catch (EcrException e) {
      if (e.kind() == EcrErrorKind.NOT_EMPTY) {
        throw new StalledException(
            Reasons.DELETION_BLOCKED,
            "ECR repository "
                + ref
                + " still holds images and was not deleted. Set spec.forceDelete: true to delete"
                + " it with its images, or spec.deletionPolicy: Retain to keep it");
      }
      throw e;
    }
  }
}
