package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.LifecyclePreview;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a lifecycle policy would do now, asked of ECR itself (StartLifecyclePolicyPreview and
 * GetLifecyclePolicyPreview), for the status and for a warning before a policy bites. ECR's preview
 * counts images but gives no sizes: the bytes and their money come from the product's evaluator
 * over the repository's images (DescribeImages), read while ECR computes its preview. Over the same
 * images, with no further call, the guard ({@link InUseGuard}) finds which images in use the policy
 * would take.
 */
public class LifecyclePreviews {
  private static final String COMPLETE = "COMPLETE";
  private static final Duration POLL = Duration.ofMillis(200);

  private final EcrPort ecr;
  private final PreviewSettings settings;
  private final RepositoryImages images;
  private final InUseLookup inUse;

  /** Previews without the guard: the operator does not watch what runs. */
  public LifecyclePreviews(EcrPort ecr, PreviewSettings settings) {
    this(ecr, settings, null);
  }

  /**
   * @param inUse the images in use, for the guard; null when the operator does not watch what runs
   */
  public LifecyclePreviews(EcrPort ecr, PreviewSettings settings, InUseLookup inUse) {
    this.ecr = ecr;
    this.settings = settings;
    this.images = new RepositoryImages(ecr);
    this.inUse = inUse;
  }

  /** The same previews, with every ECR call made through {@code other}. */
  LifecyclePreviews through(EcrPort other) {
    return new LifecyclePreviews(other, settings, inUse);
  }

  /**
   * A preview of {@code policy} before it is applied; empty if ECR did not finish in time.
   *
   * @param registryId the account the repository is in, for the guard; null for no guard
   */
  public Optional<PolicyPreview> ofText(
      RepositoryRef ref, String registryId, CanonicalPolicy policy, Instant now) {
    return ofText(ref, registryId, policy, pass(ref, UnaryOperator.identity()), now);
  }

  /** As {@link #ofText(RepositoryRef, String, CanonicalPolicy, Instant)}, over a pass's images. */
  Optional<PolicyPreview> ofText(
      RepositoryRef ref,
      String registryId,
      CanonicalPolicy policy,
      PassImages passImages,
      Instant now) {
    ecr.startLifecyclePolicyPreview(ref, policy.ecrJson());
    passImages.listed(); // read while ECR computes its preview
    return completed(ref).map(p -> of(p, ref, registryId, policy, passImages, now));
  }

  /** The images of one pass over {@code ref}, evaluated as {@code evaluatedAs} makes them. */
  PassImages pass(RepositoryRef ref, UnaryOperator<List<Image>> evaluatedAs) {
    return new PassImages(images, ref, evaluatedAs);
  }

  /** How long a preview is kept before it is computed again: the images are read as often. */
  Duration recheckPeriod() {
    return settings.period();
  }

  /** What the guard reports for a repository that holds no image: null when it is off. */
  ImagesAtRisk nothingAtRisk(String registryId) {
    return guarded(registryId) ? ImagesAtRisk.NONE : null;
  }

  // The guard runs when the operator watches what runs and the repository's spec does not turn
  // it off (then the caller gives no registry ID).
  private boolean guarded(String registryId) {
    return inUse != null && registryId != null;
  }

  /**
   * The preview of the policy in force: {@code previous} while it is for the same policy, younger
   * than the preview period, has the repository's storage (one recorded before the operator read it
   * has none) and the guard's report when the guard is on (and none when it is off), else a new one
   * (or {@code previous} if ECR did not finish).
   */
  public PolicyPreview refreshed(
      RepositoryRef ref,
      String registryId,
      CanonicalPolicy policy,
      PolicyPreview previous,
      Instant now) {
    return refreshed(ref, registryId, policy, previous, pass(ref, UnaryOperator.identity()), now);
  }

  /** As {@link #refreshed(RepositoryRef, String, CanonicalPolicy, PolicyPreview, Instant)}. */
  PolicyPreview refreshed(
      RepositoryRef ref,
      String registryId,
      CanonicalPolicy policy,
      PolicyPreview previous,
      PassImages passImages,
      Instant now) {
    String digest = policy.digest();
    boolean current =
        previous != null
            && digest.equals(previous.policyDigest())
            && previous.storage() != null
            && (previous.atRisk() != null) == guarded(registryId)
            && previous.computedAt() != null
            && Instant.parse(previous.computedAt()).plus(settings.period()).isAfter(now);
    if (current) {
      return previous;
    }
    ecr.startLifecyclePolicyPreview(ref, null);
    passImages.listed(); // read while ECR computes its preview
    return completed(ref)
        .map(p -> of(p, ref, registryId, policy, passImages, now))
        .orElse(previous != null && digest.equals(previous.policyDigest()) ? previous : null);
  }

  /** A warning when the preview expires more than the configured share of the images. */
  public Optional<String> expiryWarning(RepositoryRef ref, PolicyPreview preview) {
    if (preview.expiring() == null || preview.expiring() == 0) {
      return Optional.empty();
    }
    // The preview read the repository's images a moment ago (DescribeImages): its standard ones
    // are the ones ListImages would list. A preview kept from before the operator read images has
    // no storage, and only then are they counted again.
    long images =
        preview.storage() != null ? preview.storage().standardImages() : ecr.countImages(ref);
    if (images == 0 || preview.expiring() <= settings.expiryWarningShare() * images) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "the new lifecycle policy of %s expires %d of its %d images (%d%%) at ECR's next"
                + " evaluation, more than the %d%% warning threshold",
            ref,
            preview.expiring(),
            images,
            Math.round(100.0 * preview.expiring() / images),
            Math.round(100 * settings.expiryWarningShare())));
  }

  // ECR computes previews asynchronously: poll for a bounded time, never longer.
  private Optional<LifecyclePreview> completed(RepositoryRef ref) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    while (true) {
      Optional<LifecyclePreview> preview = ecr.getLifecyclePolicyPreview(ref);
      if (preview.isPresent() && COMPLETE.equals(preview.get().status())) {
        return preview;
      }
      boolean pending = preview.isPresent() && "IN_PROGRESS".equals(preview.get().status());
      if (!pending || System.nanoTime() + POLL.toNanos() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private PolicyPreview of(
      LifecyclePreview p,
      RepositoryRef ref,
      String registryId,
      CanonicalPolicy policy,
      PassImages passImages,
      Instant now) {
    // The evaluator needs a push time for every image; ECR reports one for each.
    List<Image> evaluated =
        passImages.evaluated().stream().filter(i -> i.pushedAt() != null).toList();
    Evaluation evaluation =
        PolicyEvaluator.evaluate(LifecyclePolicy.parse(policy.ecrJson()), evaluated, now);
    return new PolicyPreview(
        policy.digest(),
        p.expiring(),
        p.transitioning(),
        now.toString(),
        evaluation.expiringBytes(),
        evaluation.transitioningBytes(),
        cents(settings.prices().monthlySavings(evaluation)),
        RepositoryStorage.of(passImages.listed()),
        atRisk(ref, registryId, evaluation, evaluated));
  }

  // The index keys images by the account in their reference: the repository's registry ID.
  private ImagesAtRisk atRisk(
      RepositoryRef ref, String registryId, Evaluation evaluation, List<Image> listed) {
    if (!guarded(registryId)) {
      return null;
    }
    return InUseGuard.assess(evaluation, listed, inUse.inUse(registryId, ref.region(), ref.name()));
  }

  /** An amount of money as the status shows it: rounded to the cent, half up. */
  static BigDecimal cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }
}
