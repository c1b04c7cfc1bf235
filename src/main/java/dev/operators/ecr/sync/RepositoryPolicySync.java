package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredRepositoryPolicy;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.RepositoryPolicy;
import dev.operators.ecr.sync.SyncResult.Change;
import java.util.Optional;

/**
 * The repository's permission policy: set when the spec declares one that ECR does not hold;
 * removed, with no policy in the spec, only when it is the one this operator applied.
 */
final class RepositoryPolicySync {
  private final EcrPort ecr;

  RepositoryPolicySync(EcrPort ecr) {
    this.ecr = ecr;
  }

  /**
   * @param digest the repository policy this operator now manages; null when none
   * @param change the write made, if any
   */
  record Outcome(String digest, Optional<Change> change) {}

  /**
   * @param appliedDigest the policy the status recorded as applied by this operator; null when none
   * @param created whether this pass created the repository: it holds no policy yet
   */
  Outcome apply(DesiredRepository desired, String appliedDigest, boolean created) {
    DesiredRepositoryPolicy wanted = desired.repositoryPolicy();
    if (wanted != null) {
      String digest = wanted.canonical().digest();
      Optional<String> current =
          created ? Optional.empty() : ecr.getRepositoryPolicy(desired.ref());
      if (current.isEmpty() || !digest.equals(digest(current.get()))) {
        ecr.setRepositoryPolicy(desired.ref(), wanted.text());
        return new Outcome(digest, Optional.of(Change.REPOSITORY_POLICY_APPLIED));
      }
      return new Outcome(digest, Optional.empty());
    }
    // As with the lifecycle policy: only the policy this operator applied is removed.
    if (appliedDigest != null && !created) {
      Optional<String> current = ecr.getRepositoryPolicy(desired.ref());
      if (current.isPresent() && appliedDigest.equals(digest(current.get()))) {
        ecr.deleteRepositoryPolicy(desired.ref());
        return new Outcome(null, Optional.of(Change.REPOSITORY_POLICY_REMOVED));
      }
    }
    return new Outcome(null, Optional.empty());
  }

  /** The digest of a permission policy's meaning; null when ECR holds one that is not JSON. */
  static String digest(String text) {
    try {
      return RepositoryPolicy.parse(text).digest();
    } catch (InvalidPolicyException e) {
      return null;
    }
  }
}
