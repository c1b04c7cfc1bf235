package dev.operators.ecr.sync;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.LifecyclePolicyState;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredRepositoryPolicy;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.RepositoryPolicy;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.sync.SyncResult.Change;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brings one ECR repository in line with its desired state: observe, compare, and write only what
 * differs. Every step is idempotent, so a pass interrupted anywhere is completed by the next.
 */
public class RepositorySync {

  private final EcrPort ecr;
  private final LifecyclePreviews previews;

  public RepositorySync(EcrPort ecr, LifecyclePreviews previews) {
    this.ecr = ecr;
    this.previews = previews;
  }

  /**
   * @param previous what the status recorded after the last pass (null for a new resource): which
   *     policy and tags this operator applied, and the last preview
   * @param mayExist whether the repository may be in ECR already (see {@link #mayExist}): then it
   *     is looked up first; otherwise it is created straight away
   */
  public SyncResult sync(
      DesiredRepository desired, EcrRepositoryStatus previous, boolean mayExist, Instant now) {
    Pass pass = new Pass(desired, previous == null ? new EcrRepositoryStatus() : previous, now);
    Optional<RepositoryInfo> existing = mayExist ? lookUp(pass) : Optional.empty();
    if (existing.isEmpty()) {
      existing = createUnlessItExists(pass);
    }
    if (existing.isPresent()) {
      pass.repository = existing.get();
      if (pass.tags == null) {
        pass.tags = ecr.listTags(desired.ref(), pass.repository.arn());
      }
      claim(pass);
      settings(pass);
      tags(pass);
    }
    String repositoryPolicyDigest = repositoryPolicy(pass);
    AppliedLifecyclePolicy policy =
        desired.policy() != null ? applyPolicy(pass) : releasePolicy(pass);
    return new SyncResult(
        pass.repository,
        policy,
        repositoryPolicyDigest,
        managedTagKeys(desired),
        pass.preview,
        pass.changes,
        pass.mismatches,
        pass.warnings);
  }

  /** The state of one pass. */
  private static final class Pass {
    final DesiredRepository desired;
    final EcrRepositoryStatus previous;
    final Instant now;
    final List<Change> changes = new ArrayList<>();
    final List<String> mismatches = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    RepositoryInfo repository;
    Map<String, String> tags;
    boolean created;
    LifecyclePreviewStatus preview;

    Pass(DesiredRepository desired, EcrRepositoryStatus previous, Instant now) {
      this.desired = desired;
      this.previous = previous;
      this.now = now;
    }

    RepositoryRef ref() {
      return desired.ref();
    }
  }

  /**
   * Whether the repository may already be in ECR, as far as the status the last pass left tells.
   * Only a status that shows no outcome of a pass yet (none at all, or {@code Creating} as written
   * before the first pass) means a new resource, whose repository is created without being looked
   * up first. Any other (an ARN, a conflict, a refusal or failure that may have come after a
   * create) means it is looked up first.
   */
  public static boolean mayExist(EcrRepositoryStatus previous) {
    if (previous == null) {
      return false;
    }
    if (previous.getRepositoryArn() != null) {
      return true;
    }
    Condition ready = Conditions.find(previous.getConditions(), Conditions.READY);
    return ready != null && !Reasons.CREATING.equals(ready.getReason());
  }

  /**
   * The repository as ECR holds it, or empty when it does not exist. When the status recorded the
   * repository and the spec manages none of the settings only DescribeRepositories reports (tag
   * mutability, scan on push, encryption), its tags are read by ARN straight away instead: they
   * tell whether it still exists, and a description would add nothing the status does not hold.
   */
  private Optional<RepositoryInfo> lookUp(Pass pass) {
    EcrRepositoryStatus recorded = pass.previous;
    if (recorded.getRepositoryArn() == null
        || recorded.getRepositoryUri() == null
        || recorded.getRegistryId() == null
        || managesDescribedSettings(pass.desired.settings())) {
      return ecr.describeRepository(pass.ref());
    }
    try {
      pass.tags = ecr.listTags(pass.ref(), recorded.getRepositoryArn());
    } catch (EcrException e) {
      if (e.kind() == EcrErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(
        new RepositoryInfo(
            pass.ref().name(),
            recorded.getRepositoryArn(),
            recorded.getRepositoryUri(),
            recorded.getRegistryId(),
            null,
            null,
            List.of(),
            false,
            null));
  }

  private static boolean managesDescribedSettings(RepositorySettings settings) {
    return settings.imageTagMutability() != null
        || settings.scanOnPush() != null
        || settings.encryption() != null;
  }

  /**
   * Creates the repository; the owner tag is part of the create call, so a repository is never left
   * without its owner. When ECR answers that it already exists (an earlier pass created it and
   * stopped before its status was written, or someone else did), it is looked up and returned, to
   * be claimed as if it had been found first.
   *
   * @return the repository ECR already held; empty when this call created it
   */
  private Optional<RepositoryInfo> createUnlessItExists(Pass pass) {
    DesiredRepository desired = pass.desired;
    try {
      pass.repository = ecr.createRepository(desired.ref(), desired.settings(), desired.allTags());
    } catch (EcrException e) {
      if (e.kind() != EcrErrorKind.ALREADY_EXISTS) {
        throw e;
      }
      Optional<RepositoryInfo> existing = ecr.describeRepository(desired.ref());
      if (existing.isEmpty()) {
        throw e; // deleted since, or not yet visible (ECR is eventually consistent): retried
      }
      return existing;
    }
    pass.tags = desired.allTags();
    pass.created = true;
    pass.changes.add(Change.CREATED);
    return Optional.empty();
  }

  private void claim(Pass pass) {
    DesiredRepository desired = pass.desired;
    Owner owner = Owner.fromTags(pass.tags);
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
    ecr.tagResource(desired.ref(), pass.repository.arn(), desired.owner().asTags());
    pass.tags = merged(pass.tags, desired.owner().asTags());
    pass.changes.add(Change.ADOPTED);
  }

  private void settings(Pass pass) {
    RepositorySettings wanted = pass.desired.settings();
    RepositoryInfo actual = pass.repository;
    if (wanted.imageTagMutability() != null
        && (!wanted.imageTagMutability().equals(actual.imageTagMutability())
            || !Set.copyOf(filters(wanted)).equals(Set.copyOf(actual.exclusionFilters())))) {
      ecr.putImageTagMutability(pass.ref(), wanted.imageTagMutability(), filters(wanted));
      pass.changes.add(Change.TAG_MUTABILITY_UPDATED);
    }
    if (wanted.scanOnPush() != null && wanted.scanOnPush() != actual.scanOnPush()) {
      ecr.putImageScanningConfiguration(pass.ref(), wanted.scanOnPush());
      pass.changes.add(Change.SCAN_ON_PUSH_UPDATED);
    }
    if (wanted.encryption() != null && !sameEncryption(wanted.encryption(), actual.encryption())) {
      pass.mismatches.add(
          "ECR repository "
              + pass.ref()
              + " is encrypted with "
              + describe(actual.encryption())
              + " but the spec asks for "
              + describe(wanted.encryption())
              + ". ECR cannot change the encryption of a repository: restore spec.encryption,"
              + " or move the images to a new repository");
    }
  }

  // Only the keys the spec declares, and those it declared before (recorded on the status), are
  // this operator's; tags anyone else added are left alone.
  private void tags(Pass pass) {
    Map<String, String> wanted = pass.desired.allTags();
    Map<String, String> toSet = new TreeMap<>();
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(pass.tags.get(key))) {
            toSet.put(key, value);
          }
        });
    Set<String> toRemove = new TreeSet<>();
    List<String> before = pass.previous.getManagedTagKeys();
    if (before != null) {
      for (String key : before) {
        if (!wanted.containsKey(key) && pass.tags.containsKey(key)) {
          toRemove.add(key);
        }
      }
    }
    if (!toSet.isEmpty()) {
      ecr.tagResource(pass.ref(), pass.repository.arn(), toSet);
    }
    if (!toRemove.isEmpty()) {
      ecr.untagResource(pass.ref(), pass.repository.arn(), toRemove);
    }
    if (!toSet.isEmpty() || !toRemove.isEmpty()) {
      pass.changes.add(Change.TAGS_UPDATED);
    }
  }

  private String repositoryPolicy(Pass pass) {
    DesiredRepositoryPolicy wanted = pass.desired.repositoryPolicy();
    String appliedDigest = pass.previous.getRepositoryPolicyDigest();
    if (wanted != null) {
      Optional<String> current =
          pass.created ? Optional.empty() : ecr.getRepositoryPolicy(pass.ref());
      if (current.isEmpty()
          || !wanted.canonical().digest().equals(repositoryPolicyDigest(current.get()))) {
        ecr.setRepositoryPolicy(pass.ref(), wanted.text());
        pass.changes.add(Change.REPOSITORY_POLICY_APPLIED);
      }
      return wanted.canonical().digest();
    }
    // As with the lifecycle policy: only the policy this operator applied is removed.
    if (appliedDigest != null && !pass.created) {
      Optional<String> current = ecr.getRepositoryPolicy(pass.ref());
      if (current.isPresent() && appliedDigest.equals(repositoryPolicyDigest(current.get()))) {
        ecr.deleteRepositoryPolicy(pass.ref());
        pass.changes.add(Change.REPOSITORY_POLICY_REMOVED);
      }
    }
    return null;
  }

  private AppliedLifecyclePolicy applyPolicy(Pass pass) {
    CanonicalPolicy wanted = pass.desired.policy().canonical();
    String source = pass.desired.policy().source();
    String name = pass.desired.policy().name();
    if (pass.created) {
      ecr.putLifecyclePolicy(pass.ref(), wanted.ecrJson());
      pass.changes.add(Change.POLICY_APPLIED);
      // A repository created in this pass holds no image: the policy acts on none.
      pass.preview = new LifecyclePreviewStatus(wanted.digest(), 0L, 0L, pass.now.toString());
      return new AppliedLifecyclePolicy(source, name, wanted.digest(), null);
    }
    Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(pass.ref());
    if (current.isPresent() && wanted.json().equals(canonicalJson(current.get().text()))) {
      pass.preview =
          previews.refreshed(pass.ref(), wanted.digest(), pass.previous.getPreview(), pass.now);
      return new AppliedLifecyclePolicy(
          source, name, wanted.digest(), timestamp(current.get().lastEvaluatedAt()));
    }
    // Show what the new policy would do before it does it.
    Optional<LifecyclePreviewStatus> preview =
        previews.ofText(pass.ref(), wanted.ecrJson(), wanted.digest(), pass.now);
    preview.flatMap(p -> previews.expiryWarning(pass.ref(), p)).ifPresent(pass.warnings::add);
    ecr.putLifecyclePolicy(pass.ref(), wanted.ecrJson());
    pass.changes.add(Change.POLICY_APPLIED);
    pass.preview = preview.orElse(null);
    return new AppliedLifecyclePolicy(source, name, wanted.digest(), null);
  }

  // With no policy in the spec the operator manages none, except that it removes the one it put
  // there itself. A policy someone changed since is theirs now and stays.
  private AppliedLifecyclePolicy releasePolicy(Pass pass) {
    AppliedLifecyclePolicy applied = pass.previous.getLifecyclePolicy();
    if (applied == null || pass.created) {
      return null;
    }
    Optional<LifecyclePolicyState> current = ecr.getLifecyclePolicy(pass.ref());
    if (current.isPresent() && applied.getDigest().equals(digest(current.get().text()))) {
      ecr.deleteLifecyclePolicy(pass.ref());
      pass.changes.add(Change.POLICY_REMOVED);
    }
    return null;
  }

  private static List<String> managedTagKeys(DesiredRepository desired) {
    return new ArrayList<>(new TreeSet<>(desired.allTags().keySet()));
  }

  private static List<String> filters(RepositorySettings settings) {
    return settings.exclusionFilters() == null ? List.of() : settings.exclusionFilters();
  }

  // ECR reports a KMS key as an ARN; the spec may name it by ARN, key ID or alias. An alias cannot
  // be resolved without KMS, so only a type, a different ARN or a different key ID is a mismatch.
  static boolean sameEncryption(Encryption wanted, Encryption actual) {
    String actualType = actual == null ? "AES256" : actual.type();
    if (!wanted.type().equals(actualType)) {
      return false;
    }
    String key = wanted.kmsKey();
    String actualKey = actual == null ? null : actual.kmsKey();
    if (key == null || actualKey == null || key.startsWith("alias/") || key.contains(":alias/")) {
      return true;
    }
    return key.startsWith("arn:") ? key.equals(actualKey) : actualKey.endsWith("/" + key);
  }

  private static String describe(Encryption encryption) {
    if (encryption == null) {
      return "AES256";
    }
    return encryption.kmsKey() == null
        ? encryption.type()
        : encryption.type() + " (key " + encryption.kmsKey() + ")";
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> merged = new TreeMap<>(a);
    merged.putAll(b);
    return merged;
  }

  private static String repositoryPolicyDigest(String text) {
    try {
      return RepositoryPolicy.parse(text).digest();
    } catch (InvalidPolicyException e) {
      return null;
    }
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

  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
