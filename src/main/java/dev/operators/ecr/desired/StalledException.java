package dev.operators.ecr.desired;

/**
 * A pass that cannot go on until a person acts, with the condition reason and the message the
 * status gives: the shared policy a spec relies on is missing, invalid or one of two defaults
 * ({@code PolicyNotFound}, {@code PolicyInvalid}, {@code DefaultPolicyConflict}), or the repository
 * in ECR is someone else's ({@code OwnershipConflict}, {@code AlreadyExists}). Nothing is written
 * to ECR until it resolves.
 */
public class StalledException extends RuntimeException {
  private final String reason;

  public StalledException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason, one of {@link dev.operators.ecr.api.Reasons}. */
  public String reason() {
    return reason;
  }
}
