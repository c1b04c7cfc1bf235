package dev.operators.ecr.sync;

import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.LifecyclePolicyState;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sync.SyncResult.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The repository's lifecycle policy and its preview: put when it differs from the spec's, shown in
 * a preview before it bites; with no policy in the spec, removed only when it is the one this
 * operator applied. When the images in use are protected, the policy put is the protection rule
 * followed by the spec's rules, and the images in use carry their protection tags ({@link
 * ImageProtection}); a repository that leaves protection has this cluster's tags removed as the
 * release rule allows.
 */
final class LifecyclePolicySync {
  private final EcrPort ecr;
  private final LifecyclePreviews previews;
  private final ImageProtection protection;

  /**
   * @param protection keeps the images in use; null when the operator does not watch what runs
   */
  LifecyclePolicySync(EcrPort ecr, LifecyclePreviews previews, ImageProtection protection) {
    this.ecr = ecr;
    this.previews = previews;
    this.protection = protection;
  }

  /**
   * @param policy the policy this operator now manages; null when none
   * @param preview what that policy would do now; null when unknown
   * @param change the write made, if any
   * @param warnings what a person should know before the new policy bites
   * @param protection what the protection of images in use did; null when the repository's images
   *     are not protected and carry none of this cluster's protection tags
   */
  record Outcome(
      ManagedPolicy policy,
      PolicyPreview preview,
      Optional<Change> change,
      List<SyncResult.Warning> warnings,
      ProtectionResult protection) {}

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
    if (desired.policy() == null) {
      return release(desired.ref(), recorded, created);
    }
    boolean protecting = desired.protectInUse() && protection != null;
    Put outcome =
        put(
            desired.ref(),
            desired.guardInUse() ? registryId : null,
            protecting ? registryId : null,
            desired.policy(),
            recorded.preview(),
            created,
            now);
    if (!protecting && protection != null && recorded.protectedImages() > 0 && !created) {
      // The repository left protection: its protection tags come off as the release rule allows.
      Outcome o = outcome.result();
      return new Outcome(
          o.policy(),
          o.preview(),
          o.change(),
          o.warnings(),
          protection.release(
              desired.ref(), outcome.images().listed(), parse(desired.policy().canonical()), now));
    }
    return outcome.result();
  }

  // The outcome, and the images of the pass (null for a repository created in it).
  private record Put(Outcome result, PassImages images) {}

  // registryId: the account of the repository to guard, null when the spec turns the guard off;
  // protectIn: the account of the repository whose images in use to protect, null when not.
  private Put put(
      RepositoryRef ref,
      String registryId,
      String protectIn,
      DesiredPolicy desired,
      PolicyPreview previous,
      boolean created,
      Instant now) {
    CanonicalPolicy wanted = desired.applied();
    if (created) {
      ecr.putLifecyclePolicy(ref, wanted.ecrJson());
      // A repository created in this pass holds no image: the policy acts on none.
      return new Put(
          new Outcome(
              managed(desired, null),
              PolicyPreview.empty(
                  wanted.digest(), now.toString(), previews.nothingAtRisk(registryId)),
              Optional.of(Change.POLICY_APPLIED),
              overlaps(desired),
              protectIn == null ? null : protection.none()),
          null);
    }
    InUse inUse = new InUse(protectIn, ref);
    PassImages images = previews.pass(ref, inUse);
    Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(ref);
    PolicyPreview preview;
    Optional<Change> change = Optional.empty();
    List<SyncResult.Warning> warnings = List.of();
    ManagedPolicy managed;
    if (current.isPresent() && wanted.json().equals(canonicalJson(current.get().text()))) {
      preview = previews.refreshed(ref, registryId, wanted, previous, images, now);
      managed = managed(desired, current.get().lastEvaluatedAt());
    } else {
      // Show what the new policy would do before it does it.
      Optional<PolicyPreview> shown = previews.ofText(ref, registryId, wanted, images, now);
      List<SyncResult.Warning> told = new ArrayList<>(overlaps(desired));
      shown
          .flatMap(p -> previews.expiryWarning(ref, p))
          .ifPresent(w -> told.add(new SyncResult.Warning(Reasons.EXPIRY_WARNING, w)));
      warnings = told;
      // The protection rule is in place before any image gains a protection tag: under the old
      // policy a new tag could be selected by a rule over tagged images.
      ecr.putLifecyclePolicy(ref, wanted.ecrJson());
      preview = shown.orElse(null);
      change = Optional.of(Change.POLICY_APPLIED);
      managed = managed(desired, null);
    }
    ProtectionResult protectedNow = null;
    if (protectIn != null) {
      protectedNow =
          images.isListed() || protection.due(ref, inUse.used(), now)
              ? protection.protect(
                  ref, inUse.used(), images.listed(), parse(desired.canonical()), now)
              : protection.unchanged(ref);
    }
    return new Put(new Outcome(managed, preview, change, warnings, protectedNow), images);
  }

  /**
   * The images as a policy is evaluated over them in this pass: when protecting, as they will be
   * once the images in use carry their protection tags. The images in use are read from the index
   * once per pass, when first needed.
   */
  private final class InUse implements UnaryOperator<List<Image>> {
    private final String registryId;
    private final RepositoryRef ref;
    private Map<EcrImage, List<Workload>> used;

    InUse(String registryId, RepositoryRef ref) {
      this.registryId = registryId;
      this.ref = ref;
    }

    Map<EcrImage, List<Workload>> used() {
      if (used == null) {
        used = protection.used(registryId, ref);
      }
      return used;
    }

    @Override
    public List<Image> apply(List<Image> images) {
      return registryId == null ? images : protection.asProtected(images, used());
    }
  }

  // With no policy in the spec the operator manages none, except that it removes the one it put
  // there itself. A policy someone changed since is theirs now and stays.
  private Outcome release(RepositoryRef ref, Recorded recorded, boolean created) {
    String appliedDigest = recorded.appliedLifecyclePolicyDigest();
    if (appliedDigest != null && !created) {
      Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(ref);
      if (current.isPresent() && appliedDigest.equals(digest(current.get().text()))) {
        ecr.deleteLifecyclePolicy(ref);
        return new Outcome(null, null, Optional.of(Change.POLICY_REMOVED), List.of(), null);
      }
    }
    return new Outcome(null, null, Optional.empty(), List.of(), null);
  }

  /** Forgets what protection kept in memory for a repository. */
  void forget(RepositoryRef ref) {
    if (protection != null) {
      protection.forget(ref);
    }
  }

  // Told when the policy is applied: a rule of the user's that also selects protection tags.
  private static List<SyncResult.Warning> overlaps(DesiredPolicy desired) {
    return desired.overlaps().stream()
        .map(o -> new SyncResult.Warning(Reasons.PROTECTION_OVERLAP, o))
        .toList();
  }

  private static ManagedPolicy managed(DesiredPolicy desired, Instant lastEvaluatedAt) {
    return new ManagedPolicy(
        desired.source(),
        desired.name(),
        desired.canonical().digest(),
        desired.applied().digest(),
        lastEvaluatedAt);
  }

  private static LifecyclePolicy parse(CanonicalPolicy policy) {
    return LifecyclePolicy.parse(policy.ecrJson());
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
