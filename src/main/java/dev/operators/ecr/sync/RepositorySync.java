package dev.operators.ecr.sync;

import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.ReadOnlyEcrPort;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.WriteWithheldException;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.sync.SyncResult.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Brings one ECR repository in line with its desired state: observe, compare, and write only what
 * differs, one aspect after the other (existence, ownership, settings, tags, repository policy,
 * lifecycle policy). Every step is idempotent, so a pass interrupted anywhere is completed by the
 * next.
 */
public class RepositorySync {
  private final RepositoryLookup lookup;
  private final RepositoryOwnership ownership;
  private final RepositorySettingsSync settings;
  private final RepositoryTagsSync tags;
  private final RepositoryPolicySync repositoryPolicy;
  private final LifecyclePolicySync lifecyclePolicy;
  // The same steps over a view of the port that withholds every write: a paused resource's pass.
  private final RepositorySync readOnly;

  /** Without protection of images in use: the operator does not watch what runs. */
  public RepositorySync(EcrPort ecr, LifecyclePreviews previews) {
    this(ecr, previews, null, null, null);
  }

  /**
   * @param inUse the images in use; null when the operator does not watch what runs (then nothing
   *     is protected)
   * @param tags this cluster's protection tags
   * @param grace how long an image stays protected after it stopped being in use
   */
  public RepositorySync(
      EcrPort ecr,
      LifecyclePreviews previews,
      InUseLookup inUse,
      ProtectionTags tags,
      Duration grace) {
    this(ecr, previews, inUse, tags, grace, true);
  }

  private RepositorySync(
      EcrPort ecr,
      LifecyclePreviews previews,
      InUseLookup inUse,
      ProtectionTags tags,
      Duration grace,
      boolean writing) {
    EcrPort readOnlyPort = writing ? new ReadOnlyEcrPort(ecr) : null;
    this.readOnly =
        writing
            ? new RepositorySync(
                readOnlyPort, previews.through(readOnlyPort), inUse, tags, grace, false)
            : null;
    this.lookup = new RepositoryLookup(ecr);
    this.ownership = new RepositoryOwnership(ecr);
    this.settings = new RepositorySettingsSync(ecr);
    this.tags = new RepositoryTagsSync(ecr);
    this.repositoryPolicy = new RepositoryPolicySync(ecr);
    this.lifecyclePolicy =
        new LifecyclePolicySync(
            ecr,
            previews,
            inUse == null
                ? null
                : new ImageProtection(ecr, inUse, tags, grace, previews.recheckPeriod()));
  }

  /**
   * @param previous what the status recorded after the last pass (null for a new resource): which
   *     policy and tags this operator applied, and the last preview
   * @param mayExist whether the repository may be in ECR already: then it is looked up first;
   *     otherwise it is created straight away
   * @throws dev.operators.ecr.desired.StalledException when the repository belongs to someone else
   */
  public SyncResult sync(
      DesiredRepository desired, EcrRepositoryStatus previous, boolean mayExist, Instant now) {
    return sync(desired, Recorded.of(previous), mayExist, now);
  }

  /**
   * As {@link #sync}, trusting nothing earlier passes kept: the preview is computed again and the
   * images in use are read again, however recent the last reading. For a pass a person asked for.
   */
  public SyncResult recheck(
      DesiredRepository desired, EcrRepositoryStatus previous, boolean mayExist, Instant now) {
    forget(desired.ref());
    return sync(desired, Recorded.of(previous).withoutPreview(), mayExist, now);
  }

  /**
   * The pass of a paused resource: the same reads and comparisons as {@link #sync}, and no write.
   * Returns the spec fields ECR differs in ({@code repository} when it does not exist, or exists
   * without this resource's owner tag and would be adopted), in the order the pass met them; empty
   * when ECR matches the spec.
   *
   * @throws dev.operators.ecr.desired.StalledException as {@link #sync} does
   */
  public List<String> differences(
      DesiredRepository desired, EcrRepositoryStatus previous, Instant now) {
    SyncResult wouldDo;
    try {
      wouldDo = readOnly.sync(desired, Recorded.of(previous), true, now);
    } catch (WriteWithheldException e) {
      return List.of(Change.CREATED.field());
    }
    return wouldDo.changes().stream().map(Change::field).distinct().toList();
  }

  private SyncResult sync(
      DesiredRepository desired, Recorded recorded, boolean mayExist, Instant now) {
    List<Change> changes = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    RepositoryLookup.Found found = lookup.findOrCreate(desired, recorded, mayExist);
    if (found.created()) {
      changes.add(Change.CREATED);
    } else {
      RepositoryOwnership.Claim claim = ownership.claim(desired, found);
      if (claim.adopted()) {
        changes.add(Change.ADOPTED);
      }
      changes.addAll(settings.apply(desired, found.repository()));
      settings.mismatch(desired, found.repository()).ifPresent(mismatches::add);
      tags.apply(desired, found.repository().arn(), claim.tags(), recorded.managedTagKeys())
          .ifPresent(changes::add);
    }
    RepositoryPolicySync.Outcome permissions =
        repositoryPolicy.apply(desired, recorded.repositoryPolicyDigest(), found.created());
    permissions.change().ifPresent(changes::add);
    LifecyclePolicySync.Outcome lifecycle =
        lifecyclePolicy.apply(
            desired, recorded, found.repository().registryId(), found.created(), now);
    lifecycle.change().ifPresent(changes::add);
    return new SyncResult(
        found.repository(),
        lifecycle.policy(),
        permissions.digest(),
        new ArrayList<>(new TreeSet<>(desired.allTags().keySet())),
        lifecycle.preview(),
        lifecycle.protection(),
        changes,
        mismatches,
        lifecycle.warnings());
  }

  /** Forgets what the passes of a repository kept in memory: its resource is being deleted. */
  public void forget(RepositoryRef ref) {
    lifecyclePolicy.forget(ref);
  }
}
