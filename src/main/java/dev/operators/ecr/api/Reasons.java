package dev.operators.ecr.api;

/**
 * Condition reasons and Event reasons, CamelCase as the Kubernetes API conventions ask. They are
 * part of the API: users, kstatus and GitOps health checks match on them (README, "The API").
 */
public final class Reasons {
  private Reasons() {}

  public static final String SYNCED = "Synced";
  public static final String CREATING = "Creating";
  public static final String UPDATING = "Updating";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String OWNERSHIP_CONFLICT = "OwnershipConflict";
  public static final String ALREADY_EXISTS = "AlreadyExists";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String THROTTLED = "Throttled";
  public static final String AWS_ERROR = "AwsError";
  public static final String DELETION_BLOCKED = "DeletionBlocked";
  public static final String ENCRYPTION_MISMATCH = "EncryptionMismatch";
  public static final String POLICY_NOT_FOUND = "PolicyNotFound";
  public static final String POLICY_INVALID = "PolicyInvalid";
  public static final String DEFAULT_POLICY_CONFLICT = "DefaultPolicyConflict";
  public static final String IN_USE = "InUse";

  /**
   * The resource carries {@code ecr.operators.dev/paused: "true"}: ECR is compared, never written
   * (Ready, Stalled and Reconciling all False with this reason).
   */
  public static final String PAUSED = "Paused";

  /** Another resource of the same kind, created earlier, already manages the same setting. */
  public static final String CLAIMED = "ClaimedByAnother";

  /**
   * No EcrAccess serves the resource and the operator may not use its own credentials for it
   * ({@code --ambient-credentials=none}), or the access that served it is gone at deletion.
   */
  public static final String NO_ACCESS = "NoAccess";

  /** More than one EcrAccess serves the resource. */
  public static final String AMBIGUOUS_ACCESS = "AmbiguousAccess";

  /** An EcrAccess whose own spec is invalid may serve the resource. */
  public static final String INVALID_ACCESS = "InvalidAccess";

  /** The identity that now serves the resource acts in another AWS account than it lives in. */
  public static final String ACCOUNT_CHANGED = "AccountChanged";

  /** ECR holds the pull-through cache rule as declared, but cannot reach its upstream. */
  public static final String UPSTREAM_UNREACHABLE = "UpstreamUnreachable";

  // Event reasons for writes.
  public static final String CREATED = "Created";
  public static final String ADOPTED = "Adopted";
  public static final String UPDATED = "Updated";
  public static final String REPOSITORY_POLICY_APPLIED = "RepositoryPolicyApplied";
  public static final String REPOSITORY_POLICY_REMOVED = "RepositoryPolicyRemoved";
  public static final String EXPIRY_WARNING = "ExpiryWarning";
  public static final String IMAGES_IN_USE_AT_RISK = "ImagesInUseAtRisk";
  public static final String IMAGES_PROTECTED = "ImagesProtected";
  public static final String IMAGES_NOT_PROTECTED = "ImagesNotProtected";
  public static final String PROTECTION_OVERLAP = "ProtectionOverlap";
  public static final String POLICY_APPLIED = "PolicyApplied";
  public static final String DRIFT_CORRECTED = "DriftCorrected";

  /** A paused resource found ECR differing from its spec, and left it (once per difference). */
  public static final String DRIFT_DETECTED = "DriftDetected";

  public static final String POLICY_REMOVED = "PolicyRemoved";
  public static final String DELETED = "Deleted";
  public static final String RETAINED = "Retained";
}
