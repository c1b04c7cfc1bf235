package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.LifecyclePolicyState;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sync.SyncResult.Change;
import java.time.Instant;
import java.util.Optional;

/**
 * The repository's lifecycle policy and its preview: put when it differs from the spec's, shown in
 * a preview before it bites; with no policy in the spec, removed only when it is the one this
 * operator applied.
 */
final class LifecyclePolicySync {
  private final EcrPort ecr;
  private final LifecyclePreviews previews;

  LifecyclePolicySync(EcrPort ecr, LifecyclePreviews previews) {
    this.ecr = ecr;
    this.previews = previews;
  }

  /**
   * @param policy the policy this operator now manages; null when none
   * @param preview what that policy would do now; null when unknown
   * @param change the write made, if any
   * @param warning what a person should know before the new policy bites, if anything
   */
  record Outcome(
      ManagedPolicy policy,
      PolicyPreview preview,
      Optional<Change> change,
      Optional<String> warning) {}

  /**
   * @param recorded the status after the last pass: the policy applied then, and its preview
   * @param registryId the account the repository is in, as ECR reported it
   * @param created whether this pass created the repository: it holds no policy and no image yet
   */
  Outcome apply(
      DesiredRepository desired,
      Recorded recorded,
      String registryId,
      boolean created,
      Instant now) {
    return desired.policy() != null
        ? put(
            desired.ref(),
            desired.guardInUse() ? registryId : null,
            desired.policy(),
            recorded.preview(),
            created,
            now)
        : release(desired.ref(), recorded.lifecyclePolicyDigest(), created);
  }

  // registryId: the account of the repository to guard, null when the spec turns the guard off.
  private Outcome put(
      RepositoryRef ref,
      String registryId,
      DesiredPolicy desired,
      PolicyPreview previous,
      boolean created,
      Instant now) {
    CanonicalPolicy wanted = desired.canonical();
    if (created) {
      ecr.putLifecyclePolicy(ref, wanted.ecrJson());
      // A repository created in this pass holds no image: the policy acts on none.
      return new Outcome(
          managed(desired, null),
          PolicyPreview.empty(wanted.digest(), now.toString(), previews.nothingAtRisk(registryId)),
          Optional.of(Change.POLICY_APPLIED),
          Optional.empty());
    }
    Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(ref);
    if (current.isPresent() && wanted.json().equals(canonicalJson(current.get().text()))) {
      PolicyPreview preview = previews.refreshed(ref, registryId, wanted, previous, now);
      return new Outcome(
          managed(desired, current.get().lastEvaluatedAt()),
          preview,
          Optional.empty(),
          Optional.empty());
    }
    // Show what the new policy would do before it does it.
    Optional<PolicyPreview> preview = previews.ofText(ref, registryId, wanted, now);
    Optional<String> warning = preview.flatMap(p -> previews.expiryWarning(ref, p));
    ecr.putLifecyclePolicy(ref, wanted.ecrJson());
    return new Outcome(
        managed(desired, null), preview.orElse(null), Optional.of(Change.POLICY_APPLIED), warning);
  }

  // With no policy in the spec the operator manages none, except that it removes the one it put
  // there itself. A policy someone changed since is theirs now and stays.
  private Outcome release(RepositoryRef ref, String appliedDigest, boolean created) {
    if (appliedDigest != null && !created) {
      Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(ref);
      if (current.isPresent() && appliedDigest.equals(digest(current.get().text()))) {
        ecr.deleteLifecyclePolicy(ref);
        return new Outcome(null, null, Optional.of(Change.POLICY_REMOVED), Optional.empty());
      }
    }
    return new Outcome(null, null, Optional.empty(), Optional.empty());
  }

  private static ManagedPolicy managed(DesiredPolicy desired, Instant lastEvaluatedAt) {
    return new ManagedPolicy(
        desired.source(), desired.name(), desired.canonical().digest(), lastEvaluatedAt);
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
}
