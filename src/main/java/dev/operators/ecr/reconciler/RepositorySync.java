package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.LifecyclePolicyState;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.reconciler.SyncResult.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings one ECR repository in line with its desired state: observe, compare, and write only what
 * differs. Every step is idempotent, so a pass interrupted anywhere is completed by the next.
 */
public class RepositorySync {

  private final EcrPort ecr;

  public RepositorySync(EcrPort ecr) {
    this.ecr = ecr;
  }

  /**
   * @param applied the policy this operator applied earlier, as the status records it; null if none
   */
  public SyncResult sync(DesiredRepository desired, AppliedLifecyclePolicy applied) {
    List<Change> changes = new ArrayList<>();
    RepositoryRef ref = desired.ref();
    Optional<RepositoryInfo> existing = ecr.describeRepository(ref);
    RepositoryInfo repository;
    if (existing.isPresent()) {
      repository = existing.get();
      claim(desired, repository, changes);
    } else {
      // The owner tag is part of the create call: a repository is never left without its owner.
      repository = ecr.createRepository(ref, RepositorySettings.NONE, desired.owner().asTags());
      changes.add(Change.CREATED);
    }
    boolean created = existing.isEmpty();
    AppliedLifecyclePolicy policy =
        desired.policy() != null
            ? applyPolicy(desired, applied, created, changes)
            : releasePolicy(ref, applied, created, changes);
    return new SyncResult(repository, policy, changes);
  }

  private void claim(DesiredRepository desired, RepositoryInfo repository, List<Change> changes) {
    Owner owner = Owner.fromTags(ecr.listTags(desired.ref(), repository.arn()));
    if (desired.owner().equals(owner)) {
      return;
    }
    if (owner != null) {
      throw new OwnershipConflictException(
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
      throw new OwnershipConflictException(
          Reasons.ALREADY_EXISTS,
          "ECR repository "
              + desired.ref()
              + " already exists and no EcrRepository owns it; set spec.adopt: true to manage"
              + " it with this resource");
    }
    ecr.tagResource(desired.ref(), repository.arn(), desired.owner().asTags());
    changes.add(Change.ADOPTED);
  }

  private AppliedLifecyclePolicy applyPolicy(
      DesiredRepository desired,
      AppliedLifecyclePolicy applied,
      boolean created,
      List<Change> changes) {
    CanonicalPolicy wanted = desired.policy().canonical();
    String source = desired.policy().source();
    if (!created) {
      Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(desired.ref());
      if (current.isPresent() && wanted.json().equals(canonicalJson(current.get().text()))) {
        return new AppliedLifecyclePolicy(
            source, wanted.digest(), timestamp(current.get().lastEvaluatedAt()));
      }
    }
    ecr.putLifecyclePolicy(desired.ref(), wanted.ecrJson());
    boolean drift = !created && applied != null && wanted.digest().equals(applied.getDigest());
    changes.add(drift ? Change.POLICY_DRIFT_CORRECTED : Change.POLICY_APPLIED);
    return new AppliedLifecyclePolicy(source, wanted.digest(), null);
  }

  // With no policy in the spec the operator manages none, except that it removes the one it put
  // there itself. A policy someone changed since is theirs now and stays.
  private AppliedLifecyclePolicy releasePolicy(
      RepositoryRef ref, AppliedLifecyclePolicy applied, boolean created, List<Change> changes) {
    if (applied == null || created) {
      return null;
    }
    Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(ref);
    if (current.isPresent() && applied.getDigest().equals(digest(current.get().text()))) {
      ecr.deleteLifecyclePolicy(ref);
      changes.add(Change.POLICY_REMOVED);
    }
    return null;
  }

  private static String canonicalJson(String text) {
    try {
      return LifecyclePolicy.parse(text).canonical().json();
    } catch (InvalidPolicyException e) {
      return null; // not a policy this operator could have written: it differs
    }
  }

  private static String digest(String text) {
    try {
      return LifecyclePolicy.parse(text).canonical().digest();
    } catch (InvalidPolicyException e) {
      return null;
    }
  }

  private static String timestamp(java.time.Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
