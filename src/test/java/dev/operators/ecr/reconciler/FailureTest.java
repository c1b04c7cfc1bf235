package dev.operators.ecr.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.status.Failure;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** How a failed ECR call shows on the status: who has to act, and what they are told. */
class FailureTest {

  @ParameterizedTest(name = "{0}: {2}, a person must act: {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ACCESS_DENIED   | not allowed | AccessDenied | true  | ECR PutLifecyclePolicy failed: not allowed. Allow ecr:PutLifecyclePolicy to the operator's IAM role (see k8s/iam-policy.json)
          ACCESS_DENIED   | User: u is not authorized to perform: sts:AssumeRole on resource: r | AccessDenied | true | ECR PutLifecyclePolicy failed: User: u is not authorized to perform: sts:AssumeRole on resource: r. Allow the operator's own role sts:AssumeRole on the role (see k8s/iam-base-policy.json), and the role's trust policy the operator's role with the external ID given (see k8s/iam-target-trust-policy.json)
          INVALID_REQUEST | bad rule    | InvalidSpec  | true  | ECR rejected PutLifecyclePolicy: bad rule. Fix the spec
          INVALID_REQUEST |             | InvalidSpec  | true  | ECR rejected PutLifecyclePolicy. Fix the spec
          THROTTLED       | slow down   | Throttled    | false | ECR PutLifecyclePolicy failed: slow down; retrying with backoff
          THROTTLED       |             | Throttled    | false | ECR PutLifecyclePolicy failed; retrying with backoff
          SERVER_ERROR    | oops        | AwsError     | false | ECR PutLifecyclePolicy failed: oops; retrying with backoff
          UNKNOWN         | reset       | AwsError     | false | ECR PutLifecyclePolicy failed: reset; retrying with backoff
          NOT_FOUND       | no repo     | AwsError     | false | ECR PutLifecyclePolicy failed: no repo; retrying with backoff
          ALREADY_EXISTS  | raced       | AwsError     | false | ECR PutLifecyclePolicy failed: raced; retrying with backoff
          NOT_EMPTY       | images      | AwsError     | false | ECR PutLifecyclePolicy failed: images; retrying with backoff
          """)
  void eachKindOfFailureHasItsReasonAndMessage(
      EcrErrorKind kind, String detail, String reason, boolean stalled, String message) {
    assertEquals(new Failure(reason, message, stalled), Failure.of(failed(kind, detail)));
  }

  /** Only a person can grant access or fix what ECR refused; everything else is retried. */
  @ParameterizedTest
  @EnumSource(EcrErrorKind.class)
  void onlyAccessAndARefusedRequestWaitForAPerson(EcrErrorKind kind) {
    boolean person = kind == EcrErrorKind.ACCESS_DENIED || kind == EcrErrorKind.INVALID_REQUEST;
    assertEquals(person, Failure.of(failed(kind, "x")).stalled());
  }

  @Test
  void aRefusalToAnAssumedRoleNamesTheRoleAndItsAccount() {
    AwsIdentity role =
        AwsIdentity.role("arn:aws:iam::111122223333:role/ecr-team-a", null, Map.of());
    assertEquals(
        new Failure(
            "AccessDenied",
            "ECR PutLifecyclePolicy failed: no. Allow ecr:PutLifecyclePolicy to role"
                + " arn:aws:iam::111122223333:role/ecr-team-a in account 111122223333 (see"
                + " k8s/iam-policy.json)",
            true),
        Failure.of(failed(EcrErrorKind.ACCESS_DENIED, "no"), role, null));
    // Throttling in the role's account is retried as any other.
    assertEquals(
        Failure.of(failed(EcrErrorKind.THROTTLED, "slow")),
        Failure.of(failed(EcrErrorKind.THROTTLED, "slow"), role, "111122223333"));
  }

  private static EcrException failed(EcrErrorKind kind, String detail) {
    return new EcrException(kind, "PutLifecyclePolicy", "SomeException", detail, null);
  }
}
