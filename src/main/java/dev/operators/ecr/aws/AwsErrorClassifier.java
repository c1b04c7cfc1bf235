package dev.operators.ecr.aws;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts the SDK's exceptions into the kinds of failure the operator tells apart. */
final class AwsErrorClassifier {
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int UNAUTHORIZED = 401;
  private static final int FORBIDDEN = 403;
  private static final int FIRST_SERVER_ERROR = 500;

  // Known codes first: the SDK counts LimitExceededException as throttling, but for ECR it is a
  // service quota that a retry will not lift.
  private static final Map<String, EcrErrorKind> KIND_BY_CODE =
      Stream.of(
              codes(
                  EcrErrorKind.NOT_FOUND,
                  "RepositoryNotFoundException",
                  "LifecyclePolicyNotFoundException",
                  "RepositoryPolicyNotFoundException",
                  "ImageNotFoundException",
                  "LifecyclePolicyPreviewNotFoundException",
                  "PullThroughCacheRuleNotFoundException",
                  "TemplateNotFoundException",
                  "RegistryPolicyNotFoundException",
                  "SigningConfigurationNotFoundException",
                  "ExclusionNotFoundException"),
              codes(
                  EcrErrorKind.ALREADY_EXISTS,
                  "RepositoryAlreadyExistsException",
                  "ImageTagAlreadyExistsException",
                  "PullThroughCacheRuleAlreadyExistsException",
                  "TemplateAlreadyExistsException",
                  "ExclusionAlreadyExistsException"),
              codes(EcrErrorKind.NOT_EMPTY, "RepositoryNotEmptyException"),
              codes(
                  EcrErrorKind.INVALID_REQUEST,
                  "InvalidParameterException",
                  "InvalidTagParameterException",
                  "TooManyTagsException",
                  "ValidationException",
                  "LimitExceededException",
                  "KmsException",
                  // Pull-through cache rules: the upstream or its secret will not do as given.
                  "UnsupportedUpstreamRegistryException",
                  "SecretNotFoundException",
                  "UnableToAccessSecretException",
                  "UnableToDecryptSecretValueException",
                  // STS refuses the AssumeRole the identity asks for: its session tags are too
                  // many or malformed, or too large once packed.
                  "ValidationError",
                  "PackedPolicyTooLarge"),
              codes(
                  EcrErrorKind.ACCESS_DENIED,
                  "AccessDeniedException",
                  "AccessDenied",
                  "UnrecognizedClientException",
                  "InvalidSignatureException",
                  "SignatureDoesNotMatch",
                  "IncompleteSignature",
                  "IncompleteSignatureException",
                  "MissingAuthenticationToken",
                  "MissingAuthenticationTokenException",
                  "InvalidClientTokenId",
                  "ExpiredToken",
                  "ExpiredTokenException",
                  "AuthFailure",
                  "UnauthorizedOperation",
                  // STS is not activated in the region that assumes the roles.
                  "RegionDisabledException",
                  // An organization policy forbids the change (registry scanning): as IAM would.
                  "BlockedByOrganizationPolicyException"),
              // ECR's "the previous preview has not completed, wait and try again": a retry
              // after a backoff is the answer, as for throttling.
              codes(
                  EcrErrorKind.THROTTLED,
                  "LifecyclePolicyPreviewInProgressException",
                  "ThrottlingException",
                  "Throttling",
                  "ThrottledException",
                  "TooManyRequestsException",
                  "RequestLimitExceeded",
                  "RequestThrottled",
                  "RequestThrottledException"),
              codes(
                  EcrErrorKind.SERVER_ERROR,
                  "ServerException",
                  "InternalFailure",
                  "InternalError",
                  "ServiceUnavailable",
                  "ServiceUnavailableException"))
          .flatMap(m -> m.entrySet().stream())
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  // An InvalidSignatureException message goes on, after a blank line, with the canonical request,
  // which can hold a session token; keys and signatures may also appear inline.
  private static final Pattern AFTER_FIRST_PARAGRAPH =
      Pattern.compile("\\R\\s*\\R.*", Pattern.DOTALL);
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(signature=|credential=|x-amz-security-token[=:]\\s*)[^\\s,&'\"]+"
              + "|\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
  private static final String REDACTED = "<redacted>";

  private AwsErrorClassifier() {}

  private static Map<String, EcrErrorKind> codes(EcrErrorKind kind, String... codes) {
    return Stream.of(codes).collect(Collectors.toMap(c -> c, c -> kind));
  }

  static EcrException classify(String operation, SdkException e) {
    String awsCode = null;
    EcrErrorKind kind = EcrErrorKind.UNKNOWN;
    String message = e.getMessage();
    if (e instanceof AwsServiceException service) {
      awsCode = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      kind = kindOf(service, awsCode);
      if (service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null) {
        message = service.awsErrorDetails().errorMessage();
      }
    }
    String safe = redact(message);
    // The SDK's exception repeats what was redacted: then it is not passed on as the cause.
    boolean redacted = message != null && !safe.equals(message);
    return new EcrException(kind, operation, awsCode, safe, redacted ? null : e);
  }

  private static EcrErrorKind kindOf(AwsServiceException e, String code) {
    EcrErrorKind known = code == null ? null : KIND_BY_CODE.get(code);
    if (known != null) {
      return known;
    }
    int status = e.statusCode();
    if (status == TOO_MANY_REQUESTS || e.isThrottlingException()) {
      return EcrErrorKind.THROTTLED;
    }
    if (status >= FIRST_SERVER_ERROR) {
      return EcrErrorKind.SERVER_ERROR;
    }
    if (status == UNAUTHORIZED || status == FORBIDDEN) {
      return EcrErrorKind.ACCESS_DENIED;
    }
    return EcrErrorKind.UNKNOWN;
  }

  static String redact(String message) {
    if (message == null) {
      return "";
    }
    String firstParagraph = AFTER_FIRST_PARAGRAPH.matcher(message).replaceFirst("");
    return SECRET
        .matcher(firstParagraph)
        .replaceAll(m -> m.group(1) == null ? REDACTED : "$1" + REDACTED);
  }
}
