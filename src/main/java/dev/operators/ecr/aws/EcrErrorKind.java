package dev.operators.ecr.aws;

/** The kinds of ECR failure the operator tells apart. */
public enum EcrErrorKind {
  NOT_FOUND(false),
  ALREADY_EXISTS(false),
  NOT_EMPTY(false),
  /** ECR refused the request's content: a person must change the spec. */
  INVALID_REQUEST(false),
  /** The operator's AWS identity may not do this: a person must change IAM. */
  ACCESS_DENIED(false),
  THROTTLED(true),
  SERVER_ERROR(true),
  /** Anything else, including network failures: retried. */
  UNKNOWN(true);

  private final boolean retryable;

  EcrErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
