package dev.operators.ecr.status;

import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.sync.SyncResult;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Builds every status the operator writes: the one place where conditions are decided. */
public final class StatusFactory {
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
    EcrRepositoryStatus status = copy(resource);
    RepositoryInfo repository = result.repository();
    status.setRepositoryName(desired.ref().name());
    status.setRegion(desired.ref().region());
    status.setRepositoryArn(repository.arn());
    status.setRepositoryUri(repository.uri());
    status.setRegistryId(repository.registryId());
    status.setLifecyclePolicy(result.appliedPolicy());
    status.setRepositoryPolicyDigest(result.repositoryPolicyDigest());
    status.setManagedTagKeys(result.managedTagKeys());
    status.setPreview(result.preview());
    List<String> corrected =
        drift
            ? result.changes().stream()
                .filter(c -> c != SyncResult.Change.ADOPTED)
                .map(SyncResult.Change::field)
                .distinct()
                .toList()
            : List.of();
    if (!corrected.isEmpty()) {
      long before = status.getDriftCorrections() == null ? 0 : status.getDriftCorrections();
      status.setDriftCorrections(before + corrected.size());
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
            : "lifecycle policy " + result.appliedPolicy().getDigest();
    String message = "ECR repository " + desired.ref() + " matches the spec; " + policy;
    return conditions(status, resource, true, false, false, Reasons.SYNCED, message, now);
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

  /** Work is under way: set before the first ECR call for a new generation. */
  public static EcrRepositoryStatus inProgress(EcrRepository resource, Instant now) {
    EcrRepositoryStatus status = copy(resource);
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
    return conditions(copy(resource), resource, false, true, false, reason, message, now);
  }

  /** A transient failure: retried with backoff. */
  public static EcrRepositoryStatus retrying(
      EcrRepository resource, String reason, String message, Instant now) {
    return conditions(copy(resource), resource, false, false, true, reason, message, now);
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

  private static EcrRepositoryStatus copy(EcrRepository resource) {
    EcrRepositoryStatus previous = resource.getStatus();
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    if (previous != null) {
      status.setConditions(previous.getConditions());
      status.setRepositoryName(previous.getRepositoryName());
      status.setRegion(previous.getRegion());
      status.setRepositoryArn(previous.getRepositoryArn());
      status.setRepositoryUri(previous.getRepositoryUri());
      status.setRegistryId(previous.getRegistryId());
      status.setLifecyclePolicy(previous.getLifecyclePolicy());
      status.setRepositoryPolicyDigest(previous.getRepositoryPolicyDigest());
      status.setManagedTagKeys(previous.getManagedTagKeys());
      status.setPreview(previous.getPreview());
      status.setDriftCorrections(previous.getDriftCorrections());
      status.setLastDriftCorrection(previous.getLastDriftCorrection());
      status.setObservedGeneration(previous.getObservedGeneration());
    }
    return status;
  }
}
