package dev.operators.ecr.status;

import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;

/**
 * A failed ECR call as the status reports it.
 *
 * @param stalled true when only a person can fix it: no hot retry
 */
public record Failure(String reason, String message, boolean stalled) {
  private static final String ASSUME_ROLE = "sts:AssumeRole";

  /** Splits ECR failures into "a person must act" and "retry". */
  public static Failure of(EcrException e) {
    return of(e, AwsIdentity.AMBIENT, null);
  }

  /**
   * As {@link #of(EcrException)}, for a call made as {@code identity} in {@code account} (null when
   * unknown): a refusal names the role and the account whose policy must allow the call.
   */
  public static Failure of(EcrException e, AwsIdentity identity, String account) {
    String role =
        identity.ambient()
            ? "the operator's IAM role"
            : "role "
                + identity.roleArn()
                + " in account "
                + (account == null ? identity.account() : account);
    String what = "ECR " + e.operation() + " failed";
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
    // STS refused the role the call was to be made as: IAM's two sides of AssumeRole to fix.
    if (e.kind() == EcrErrorKind.ACCESS_DENIED && detail.contains(ASSUME_ROLE)) {
      return new Failure(
          Reasons.ACCESS_DENIED,
          what
              + detail
              + ". Allow the operator's own role "
              + ASSUME_ROLE
              + " on the role (see k8s/iam-base-policy.json), and the role's trust policy the"
              + " operator's role with the external ID given (see"
              + " k8s/iam-target-trust-policy.json)",
          true);
    }
    return switch (e.kind()) {
      case ACCESS_DENIED ->
          new Failure(
              Reasons.ACCESS_DENIED,
              what
                  + detail
                  + ". Allow ecr:"
                  + e.operation()
                  + " to "
                  + role
                  + " (see k8s/iam-policy.json)",
              true);
      case INVALID_REQUEST ->
          new Failure(
              Reasons.INVALID_SPEC,
              "ECR rejected " + e.operation() + detail + ". Fix the spec",
              true);
      case THROTTLED ->
          new Failure(Reasons.THROTTLED, what + detail + "; retrying with backoff", false);
      // NOT_FOUND or ALREADY_EXISTS outside the calls that expect them: ECR is eventually
      // consistent right after a create, or someone raced us. Both settle on a retry.
      case SERVER_ERROR, UNKNOWN, NOT_FOUND, ALREADY_EXISTS, NOT_EMPTY ->
          new Failure(Reasons.AWS_ERROR, what + detail + "; retrying with backoff", false);
    };
  }
}
