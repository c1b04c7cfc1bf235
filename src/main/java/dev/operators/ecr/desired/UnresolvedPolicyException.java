package dev.operators.ecr.desired;

/**
 * The spec is valid but the shared policy it relies on cannot be used now: missing, invalid, or two
 * defaults. Nothing is written to ECR until it resolves.
 */
public class UnresolvedPolicyException extends RuntimeException {
  private final String reason;

  public UnresolvedPolicyException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason: PolicyNotFound, PolicyInvalid or DefaultPolicyConflict. */
  public String reason() {
    return reason;
  }
}
