package dev.operators.ecr.sandbox.emulator;

/** An error the emulator is told to answer with instead of doing an operation. */
public record Fault(String code, int httpStatus, String message) {

  /**
   * ECR's throttling answer as the AWS CLI reports it (docs/ecr-semantics.md §3.1, status
   * [INFERRED]).
   */
  public static Fault throttling() {
    return new Fault("ThrottlingException", EcrError.CLIENT_ERROR, "Rate exceeded");
  }

  public static Fault accessDenied() {
    return new Fault(
        "AccessDeniedException",
        EcrError.CLIENT_ERROR,
        "User: arn:aws:iam::123456789012:user/emulated is not authorized to perform this"
            + " operation");
  }

  /**
   * STS's throttling answer: the Query protocol's common {@code Throttling} code, "Rate exceeded"
   * (the code the AWS SDK's retry policies list for throttling; the wording is ECR's, a choice).
   */
  public static Fault stsThrottling() {
    return new Fault("Throttling", EcrError.CLIENT_ERROR, "Rate exceeded");
  }

  public static Fault serverError() {
    return new Fault("ServerException", EcrError.SERVER_ERROR, "Internal server error");
  }

  EcrError toError() {
    return new EcrError(code, httpStatus, message);
  }
}
