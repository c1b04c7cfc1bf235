package dev.operators.ecr.aws;

/**
 * A call that changes ECR was withheld ({@link ReadOnlyEcrPort}) and its caller cannot go on
 * without its answer: a repository that does not exist is not created.
 */
public class WriteWithheldException extends RuntimeException {
  private final EcrOperation operation;

  public WriteWithheldException(EcrOperation operation, String target) {
    super(operation + " of " + target + " withheld");
    this.operation = operation;
  }

  public EcrOperation operation() {
    return operation;
  }
}
