package dev.operators.ecr.aws;

/**
 * The kinds of ECR failure the operator tells apart. Which of them a person must act on, and which
 * are retried, is decided in one place: {@code dev.operators.ecr.status.Failure}.
 */
public enum EcrErrorKind {
  NOT_FOUND,
  ALREADY_EXISTS,
  NOT_EMPTY,
  /** ECR refused the request's content: a person must change the spec. */
  INVALID_REQUEST,
  /** The operator's AWS identity may not do this: a person must change IAM. */
  ACCESS_DENIED,
  THROTTLED,
  SERVER_ERROR,
  /** Anything else, including network failures: retried. */
  UNKNOWN
}
