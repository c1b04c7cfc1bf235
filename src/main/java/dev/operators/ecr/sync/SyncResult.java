package dev.operators.ecr.sync;

import dev.operators.ecr.aws.RepositoryInfo;
import java.util.List;

/**
 * What one pass of {@link RepositorySync} found and changed.
 *
 * @param appliedPolicy the lifecycle policy this operator now manages; null when none
 * @param repositoryPolicyDigest the repository policy this operator now manages; null when none
 * @param managedTagKeys the tag keys this operator now manages, the owner tag included
 * @param preview what the lifecycle policy would do now; null when there is none
 * @param protection what the protection of images in use keeps and did; null when the repository's
 *     images in use are not protected and carry none of this cluster's protection tags
 * @param mismatches differences ECR cannot be made to fix, for a person to resolve
 * @param warnings things a person should know before they bite, recorded as Warning Events
 */
public record SyncResult(
    RepositoryInfo repository,
    ManagedPolicy appliedPolicy,
    String repositoryPolicyDigest,
    List<String> managedTagKeys,
    PolicyPreview preview,
    ProtectionResult protection,
    List<Change> changes,
    List<String> mismatches,
    List<Warning> warnings) {

  /** A Warning Event to record: its reason (see {@link dev.operators.ecr.api.Reasons}). */
  public record Warning(String reason, String message) {}

  /** A write made to ECR, and the spec field it made true. */
  public enum Change {
    CREATED("repository"),
    ADOPTED("repository"),
    TAG_MUTABILITY_UPDATED("imageTagMutability"),
    SCAN_ON_PUSH_UPDATED("scanOnPush"),
    TAGS_UPDATED("tags"),
    REPOSITORY_POLICY_APPLIED("repositoryPolicy"),
    REPOSITORY_POLICY_REMOVED("repositoryPolicy"),
    POLICY_APPLIED("lifecyclePolicy"),
    POLICY_REMOVED("lifecyclePolicy");

    private final String field;

    Change(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  public SyncResult {
    managedTagKeys = List.copyOf(managedTagKeys);
    changes = List.copyOf(changes);
    mismatches = List.copyOf(mismatches);
    warnings = List.copyOf(warnings);
  }
}
