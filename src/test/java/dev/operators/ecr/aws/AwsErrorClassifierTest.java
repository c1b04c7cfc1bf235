package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.status.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How SDK failures become EcrException kinds, and what their messages may not carry. */
class AwsErrorClassifierTest {

  private static AwsServiceException serviceError(String code, int status, String message) {
    return AwsServiceException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .statusCode(status)
        .message(message)
        .build();
  }

  @ParameterizedTest
  @CsvSource({
    "RepositoryNotFoundException, 400, NOT_FOUND",
    "LifecyclePolicyNotFoundException, 400, NOT_FOUND",
    "RepositoryPolicyNotFoundException, 400, NOT_FOUND",
    "ImageNotFoundException, 400, NOT_FOUND",
    "LifecyclePolicyPreviewNotFoundException, 400, NOT_FOUND",
    "RegistryPolicyNotFoundException, 400, NOT_FOUND",
    "SigningConfigurationNotFoundException, 400, NOT_FOUND",
    "ExclusionNotFoundException, 400, NOT_FOUND",
    "ExclusionAlreadyExistsException, 400, ALREADY_EXISTS",
    "BlockedByOrganizationPolicyException, 400, ACCESS_DENIED",
    "LifecyclePolicyPreviewInProgressException, 400, THROTTLED",
    "RepositoryAlreadyExistsException, 400, ALREADY_EXISTS",
    "RepositoryNotEmptyException, 400, NOT_EMPTY",
    "InvalidParameterException, 400, INVALID_REQUEST",
    "InvalidTagParameterException, 400, INVALID_REQUEST",
    "TooManyTagsException, 400, INVALID_REQUEST",
    "ValidationException, 400, INVALID_REQUEST",
    "LimitExceededException, 400, INVALID_REQUEST",
    "KmsException, 400, INVALID_REQUEST",
    "PullThroughCacheRuleNotFoundException, 400, NOT_FOUND",
    "TemplateNotFoundException, 400, NOT_FOUND",
    "PullThroughCacheRuleAlreadyExistsException, 400, ALREADY_EXISTS",
    "TemplateAlreadyExistsException, 400, ALREADY_EXISTS",
    "UnsupportedUpstreamRegistryException, 400, INVALID_REQUEST",
    "SecretNotFoundException, 400, INVALID_REQUEST",
    "UnableToAccessSecretException, 400, INVALID_REQUEST",
    "UnableToDecryptSecretValueException, 400, INVALID_REQUEST",
    "AccessDeniedException, 400, ACCESS_DENIED",
    "UnrecognizedClientException, 400, ACCESS_DENIED",
    "InvalidSignatureException, 400, ACCESS_DENIED",
    "ExpiredTokenException, 400, ACCESS_DENIED",
    "SomethingNew, 403, ACCESS_DENIED",
    "ThrottlingException, 400, THROTTLED",
    "Throttling, 400, THROTTLED",
    "TooManyRequestsException, 400, THROTTLED",
    "RequestLimitExceeded, 400, THROTTLED",
    "SomethingNew, 429, THROTTLED",
    "ServerException, 500, SERVER_ERROR",
    "SomethingNew, 503, SERVER_ERROR",
    "SomethingNew, 400, UNKNOWN",
    // STS, when a role is assumed for an ECR call
    "AccessDenied, 403, ACCESS_DENIED",
    "InvalidClientTokenId, 403, ACCESS_DENIED",
    "ExpiredToken, 403, ACCESS_DENIED",
    "RegionDisabledException, 403, ACCESS_DENIED",
    "ValidationError, 400, INVALID_REQUEST",
    "PackedPolicyTooLarge, 400, INVALID_REQUEST"
  })
  void mapsAwsCodesAndStatusesToKinds(String code, int status, EcrErrorKind kind) {
    EcrException e =
        AwsErrorClassifier.classify("PutLifecyclePolicy", serviceError(code, status, "what"));

    assertEquals(kind, e.kind());
    assertEquals(code, e.awsCode());
    assertEquals("PutLifecyclePolicy", e.operation());
    assertEquals("what", e.getMessage());
  }

  @Test
  void aClientSideFailureIsUnknownWithNoAwsCode() {
    SdkClientException failure =
        SdkClientException.create("Unable to execute HTTP request: Connection refused");

    EcrException e = AwsErrorClassifier.classify("DescribeRepositories", failure);

    assertEquals(EcrErrorKind.UNKNOWN, e.kind());
    assertFalse(Failure.of(e).stalled(), "retried");
    assertNull(e.awsCode());
    assertEquals("Unable to execute HTTP request: Connection refused", e.getMessage());
    assertSame(failure, e.getCause());
  }

  @Test
  void signatureDetailsAndCredentialsNeverReachTheMessage() {
    String message =
        "The request signature we calculated does not match the signature you provided.\n\n"
            + "The Canonical String for this request should have been\n"
            + "'POST\n/\n\nx-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN\n'";

    EcrException e =
        AwsErrorClassifier.classify(
            "CreateRepository", serviceError("InvalidSignatureException", 400, message));

    assertEquals(
        "The request signature we calculated does not match the signature you provided.",
        e.getMessage());
    assertNull(e.getCause(), "the SDK exception still carries the canonical request");
  }

  @Test
  void inlineKeysAndSignaturesAreRedacted() {
    String redacted =
        AwsErrorClassifier.redact(
            "Bad header Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/ecr/aws4_request,"
                + " Signature=abcdef0123 from ASIAIOSFODNN7EXAMPLE");

    assertFalse(redacted.contains("AKIAIOSFODNN7EXAMPLE"), redacted);
    assertFalse(redacted.contains("ASIAIOSFODNN7EXAMPLE"), redacted);
    assertFalse(redacted.contains("abcdef0123"), redacted);
    assertTrue(redacted.startsWith("Bad header Credential=<redacted>"), redacted);
  }
}
