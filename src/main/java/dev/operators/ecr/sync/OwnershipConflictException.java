package dev.operators.ecr.sync;

/** The repository exists in ECR but belongs to someone else; it is never touched. */
public class OwnershipConflictException extends RuntimeException {
  private final String reason;

  public OwnershipConflictException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The condition reason: {@code OwnershipConflict} or {@code AlreadyExists}. */
  public String reason() {
    return reason;
  }
}
