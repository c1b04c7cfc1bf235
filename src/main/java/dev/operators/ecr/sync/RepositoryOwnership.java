package dev.operators.ecr.sync;

import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.desired.StalledException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whose the repository is: this resource's (its owner tag), nobody's (taken over only with {@code
 * spec.adopt}) or another resource's (never touched).
 */
final class RepositoryOwnership {
  private final EcrPort ecr;

  RepositoryOwnership(EcrPort ecr) {
    this.ecr = ecr;
  }

  /** The repository's tags once it is this resource's, and whether this pass adopted it. */
  record Claim(Map<String, String> tags, boolean adopted) {}

  /** Claims a repository that was found, not created, in this pass. */
  Claim claim(DesiredRepository desired, RepositoryLookup.Found found) {
    Owner owner = Owner.fromTags(found.tags());
    if (desired.owner().equals(owner)) {
      return new Claim(found.tags(), false);
    }
    if (owner != null) {
      throw new StalledException(
          Reasons.OWNERSHIP_CONFLICT,
          "ECR repository "
              + desired.ref()
              + " belongs to "
              + owner
              + " (tag "
              + Owner.TAG_KEY
              + "); it is left untouched. Choose another repositoryName, or delete that"
              + " resource first");
    }
    if (!desired.adopt()) {
      throw new StalledException(
          Reasons.ALREADY_EXISTS,
          "ECR repository "
              + desired.ref()
              + " already exists and no EcrRepository owns it; set spec.adopt: true to manage"
              + " it with this resource");
    }
    ecr.tagResource(desired.ref(), found.repository().arn(), desired.owner().asTags());
    Map<String, String> tags = new TreeMap<>(found.tags());
    tags.putAll(desired.owner().asTags());
    return new Claim(tags, true);
  }
}
