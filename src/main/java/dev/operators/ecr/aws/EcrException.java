package dev.operators.ecr.aws;

/** An ECR call that failed, classified for the reconciler. */
public class EcrException extends RuntimeException {
  private final EcrErrorKind kind;
  private final String operation;
  private final String awsCode;

  public EcrException(
      EcrErrorKind kind, String operation, String awsCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.operation = operation;
    this.awsCode = awsCode;
  }

  public EcrErrorKind kind() {
    return kind;
  }

  /** The ECR operation that failed, e.g. {@code PutLifecyclePolicy}. */
  public String operation() {
    return operation;
  }

  /** ECR's error code, e.g. {@code ThrottlingException}; null for network failures. */
  public String awsCode() {
    return awsCode;
  }
}
