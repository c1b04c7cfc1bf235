package dev.operators.ecr.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.ImagesAtRiskStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.api.ResourceStatus;
import dev.operators.ecr.api.StorageClassUsage;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.sync.ImagesAtRisk;
import dev.operators.ecr.sync.ManagedPolicy;
import dev.operators.ecr.sync.PolicyPreview;
import dev.operators.ecr.sync.ProtectionResult;
import dev.operators.ecr.sync.RepositoryStorage;
import dev.operators.ecr.sync.SyncResult;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds every status the operator writes for an EcrRepository: the one place where its conditions
 * are decided. ({@link PolicyStatusFactory} does the same for an EcrLifecyclePolicy.)
 */
public final class StatusFactory {
  /** The field a drift metric names when a status counts corrections without naming as many. */
  public static final String UNNAMED_FIELD = "unknown";

  /**
   * Failed passes in a row, for a transient reason, after which a resource that was Ready at its
   * generation shows Ready=False; with JOSDK's backoff (1 s, 2 s, ...) that is a few seconds.
   */
  public static final int TRANSIENT_FAILURES_BEFORE_NOT_READY = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusFactory() {}

  /**
   * ECR matches the spec at the resource's generation, unless something ECR cannot change (the
   * encryption) differs.
   *
   * @param drift whether the changes made undid drift, to be counted
   */
  public static EcrRepositoryStatus synced(
      EcrRepository resource,
      DesiredRepository desired,
      SyncResult result,
      boolean drift,
      Instant now) {
    EcrRepositoryStatus status = copy(resource.getStatus());
    // What paused passes found: a pass that reached ECR unpaused leaves none of it.
    status.setMatchedGeneration(null);
    status.setDrift(null);
    RepositoryInfo repository = result.repository();
    status.setRepositoryName(desired.ref().name());
    status.setRegion(desired.ref().region());
    status.setRepositoryArn(repository.arn());
    status.setRepositoryUri(repository.uri());
    status.setRegistryId(repository.registryId());
    status.setLifecyclePolicy(applied(result.appliedPolicy()));
    status.setRepositoryPolicyDigest(result.repositoryPolicyDigest());
    status.setManagedTagKeys(result.managedTagKeys());
    status.setPreview(preview(result.preview()));
    status.setStorage(storage(result.preview()));
    status.setProtection(
        protection(
            result.protection(),
            result.appliedPolicy() != null && result.appliedPolicy().protecting(),
            status.getProtection(),
            now));
    List<String> corrected =
        drift
            ? result.changes().stream()
                .filter(c -> c != SyncResult.Change.ADOPTED)
                .map(SyncResult.Change::field)
                .distinct()
                .toList()
            : List.of();
    if (!corrected.isEmpty()) {
      status.setDriftCorrections(corrections(status) + corrected.size());
      status.setLastDriftCorrection(
          new DriftCorrection(now.truncatedTo(ChronoUnit.SECONDS).toString(), corrected));
    }
    if (!result.mismatches().isEmpty()) {
      return conditions(
          status,
          resource,
          false,
          true,
          false,
          Reasons.ENCRYPTION_MISMATCH,
          String.join("; ", result.mismatches()),
          now);
    }
    String policy =
        result.appliedPolicy() == null
            ? "no lifecycle policy managed"
            : "lifecycle policy " + result.appliedPolicy().digest();
    String message = "ECR repository " + desired.ref() + " matches the spec; " + policy;
    return conditions(status, resource, true, false, false, Reasons.SYNCED, message, now);
  }

  /**
   * The pass of a paused resource: ECR was compared and left as it is. Ready, Stalled and
   * Reconciling are all False with reason {@link Reasons#PAUSED} (kstatus: current, not failed);
   * {@code status.drift} lists what differs, and the generation ECR last matched is kept so that
   * resuming counts the corrections of changes made in ECR as drift.
   *
   * @param differences the spec fields ECR differs in; empty when it matches
   */
  public static EcrRepositoryStatus paused(
      EcrRepository resource, List<String> differences, Instant now) {
    EcrRepositoryStatus status = copy(resource.getStatus());
    pausedFields(status, isReady(resource), differences, resource.getMetadata().getGeneration());
    return conditions(
        status, resource, false, false, false, Reasons.PAUSED, pausedMessage(differences), now);
  }

  /**
   * A paused resource being deleted: nothing in ECR is deleted or released, and the finalizer
   * stays, until the pause ends.
   *
   * @param applied what the deletion will do, as a message says it
   */
  public static EcrRepositoryStatus pausedDeletion(
      EcrRepository resource, String applied, Instant now) {
    return conditions(
        copy(resource.getStatus()),
        resource,
        false,
        false,
        false,
        Reasons.PAUSED,
        pausedDeletionMessage(applied),
        now);
  }

  /** What the status of a paused resource being deleted says, for every kind. */
  public static String pausedDeletionMessage(String applied) {
    return "paused (annotation "
        + Annotations.PAUSED
        + ") while being deleted: ECR is left as it is, and "
        + applied
        + " is applied once the annotation is removed";
  }

  /** What a paused status says, for every kind. */
  public static String pausedMessage(List<String> differences) {
    String paused = "paused (annotation " + Annotations.PAUSED + "): nothing is written to ECR; ";
    return differences.isEmpty()
        ? paused + "ECR matches the spec"
        : paused
            + "ECR differs from the spec in "
            + String.join(", ", differences)
            + ", left as it is until the annotation is removed";
  }

  /**
   * Whether ECR matched the spec at the resource's current generation when the last pass ended:
   * Ready=True at it, or paused with ECR last found matching at it. A write needed now undoes a
   * change made in ECR behind the operator's back (drift).
   */
  public static boolean inSync(EcrRepository resource) {
    return isReady(resource)
        || matchedAt(resource.getStatus(), resource.getMetadata().getGeneration());
  }

  /**
   * Sets what a paused pass found: the differences, and the generation ECR last matched (this one
   * when it matches now or was Ready at it before, else the one an earlier paused pass kept).
   */
  static void pausedFields(
      ResourceStatus status, boolean wasReady, List<String> differences, Long generation) {
    if (differences.isEmpty() || wasReady) {
      status.setMatchedGeneration(generation);
    }
    status.setDrift(differences.isEmpty() ? null : List.copyOf(differences));
  }

  /** Whether a paused pass found ECR matching the spec at {@code generation}. */
  static boolean matchedAt(ResourceStatus status, Long generation) {
    return status != null
        && status.getMatchedGeneration() != null
        && status.getMatchedGeneration().equals(generation);
  }

  /** Ready=True at the resource's current generation. */
  public static boolean isReady(EcrRepository resource) {
    EcrRepositoryStatus status = resource.getStatus();
    if (status == null) {
      return false;
    }
    Condition ready = Conditions.find(status.getConditions(), Conditions.READY);
    Long generation = resource.getMetadata().getGeneration();
    return ready != null
        && "True".equals(ready.getStatus())
        && generation != null
        && generation.equals(status.getObservedGeneration());
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
   * Whether the status stays as it is after the {@code failedPass}th transient failure in a row. A
   * throttled or failed recheck says nothing about a repository that matched its spec at this
   * generation; the retry comes within seconds. Ready flips only if it keeps failing.
   */
  public static boolean keepsReady(EcrRepository resource, int failedPass) {
    return isReady(resource) && failedPass < TRANSIENT_FAILURES_BEFORE_NOT_READY;
  }

  /** Work is under way: set before the first ECR call for a new generation. */
  public static EcrRepositoryStatus inProgress(EcrRepository resource, Instant now) {
    EcrRepositoryStatus status = copy(resource.getStatus());
    boolean neverSynced = status.getRepositoryArn() == null;
    String reason = neverSynced ? Reasons.CREATING : Reasons.UPDATING;
    String message =
        neverSynced
            ? "creating the ECR repository and its lifecycle policy"
            : "applying generation " + resource.getMetadata().getGeneration() + " to ECR";
    return conditions(status, resource, false, false, true, reason, message, now);
  }

  /** A person must act; the operator does not retry until the spec or the periodic check. */
  public static EcrRepositoryStatus stalled(
      EcrRepository resource, String reason, String message, Instant now) {
    return conditions(
        copy(resource.getStatus()), resource, false, true, false, reason, message, now);
  }

  /** A transient failure: retried with backoff. */
  public static EcrRepositoryStatus retrying(
      EcrRepository resource, String reason, String message, Instant now) {
    return conditions(
        copy(resource.getStatus()), resource, false, false, true, reason, message, now);
  }

  /**
   * The fields whose drift corrections {@code written} records beyond {@code before}, one entry a
   * correction ({@link #UNNAMED_FIELD} when the status does not name them all); empty when it adds
   * none.
   */
  public static List<String> correctionsAdded(
      EcrRepositoryStatus before, EcrRepositoryStatus written) {
    long added = corrections(written) - corrections(before);
    if (added <= 0) {
      return List.of();
    }
    DriftCorrection last = written.getLastDriftCorrection();
    List<String> fields = last == null || last.getFields() == null ? List.of() : last.getFields();
    return fields.size() == added
        ? List.copyOf(fields)
        : java.util.Collections.nCopies((int) added, UNNAMED_FIELD);
  }

  /**
   * A copy of a status, every field included (through the serializer, so that a field added to the
   * status is never dropped here); an empty status for none.
   */
  static EcrRepositoryStatus copy(EcrRepositoryStatus previous) {
    return previous == null
        ? new EcrRepositoryStatus()
        : JSON.convertValue(previous, EcrRepositoryStatus.class);
  }

  private static long corrections(EcrRepositoryStatus status) {
    return status == null || status.getDriftCorrections() == null
        ? 0
        : status.getDriftCorrections();
  }

  private static AppliedLifecyclePolicy applied(ManagedPolicy policy) {
    if (policy == null) {
      return null;
    }
    Instant evaluated = policy.lastEvaluatedAt();
    String lastEvaluatedAt = evaluated == null ? null : evaluated.toString();
    AppliedLifecyclePolicy applied =
        new AppliedLifecyclePolicy(
            policy.source(), policy.name(), policy.digest(), lastEvaluatedAt);
    if (policy.protecting()) {
      applied.setAppliedDigest(policy.appliedDigest());
    }
    return applied;
  }

  // What protection keeps: absent when nothing is protected and nothing is left to release. The
  // last change is this pass when it added or removed a tag, else the one recorded before.
  private static ProtectionStatus protection(
      ProtectionResult result, boolean protecting, ProtectionStatus before, Instant now) {
    if (result == null || (!protecting && result.protectedImages() == 0)) {
      return null;
    }
    ProtectionStatus status = new ProtectionStatus();
    status.setProtectedImages((long) result.protectedImages());
    status.setInGrace((long) result.inGrace());
    status.setKeptByPolicy((long) result.keptByPolicy());
    status.setTagPrefix(result.tagPrefix());
    status.setLastChange(
        result.changed()
            ? now.truncatedTo(ChronoUnit.SECONDS).toString()
            : before == null ? null : before.getLastChange());
    List<String> problems = result.problemsShown();
    status.setProblems(problems.isEmpty() ? null : List.copyOf(problems));
    return status;
  }

  private static LifecyclePreviewStatus preview(PolicyPreview p) {
    if (p == null) {
      return null;
    }
    LifecyclePreviewStatus preview =
        new LifecyclePreviewStatus(
            p.policyDigest(), p.expiring(), p.transitioning(), p.computedAt());
    preview.setExpiringBytes(p.expiringBytes());
    preview.setTransitioningBytes(p.transitioningBytes());
    if (p.monthlySavings() != null) {
      preview.setMonthlySavings(
          p.monthlySavings().toPlainString() + " " + LifecyclePreviewStatus.MONEY_UNIT);
    }
    ImagesAtRisk risk = p.atRisk();
    if (risk != null) {
      preview.setInUseAtRisk(
          new ImagesAtRiskStatus(
              risk.expiring(), risk.archiving(), risk.digests(), risk.workloads()));
    }
    return preview;
  }

  private static RepositoryStorageStatus storage(PolicyPreview p) {
    if (p == null || p.storage() == null) {
      return null;
    }
    RepositoryStorage s = p.storage();
    return new RepositoryStorageStatus(
        new StorageClassUsage(s.standardImages(), s.standardBytes()),
        new StorageClassUsage(s.archiveImages(), s.archiveBytes()),
        p.computedAt());
  }

  private static EcrRepositoryStatus conditions(
      EcrRepositoryStatus status,
      EcrRepository resource,
      boolean ready,
      boolean stalled,
      boolean reconciling,
      String reason,
      String message,
      Instant now) {
    Long generation = resource.getMetadata().getGeneration();
    List<Condition> conditions =
        Conditions.kstatus(
            status.getConditions(), ready, stalled, reconciling, reason, message, generation, now);
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
    return status;
  }
}
