package dev.operators.ecr.sandbox.emulator;

/**
 * An error the emulator answers with, as ECR's JSON protocol carries it: a code ({@code __type}),
 * an HTTP status and a message.
 */
public final class EcrError extends RuntimeException {
  static final int CLIENT_ERROR = 400;
  static final int SERVER_ERROR = 500;

  private final String code;
  private final int httpStatus;

  public EcrError(String code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The error shape name, e.g. {@code RepositoryNotFoundException}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /**
   * IAM refused the caller an ECR action, in the wording ECR's answers carry (for example "User:
   * arn:aws:sts::111122223333:assumed-role/ecr-access/GitHubActions is not authorized to perform:
   * ecr:DescribeImages on resource: arn:aws:ecr:...:repository/... because no identity-based policy
   * allows the ecr:DescribeImages action", as quoted in public bug reports), HTTP 400.
   */
  static EcrError accessDenied(Caller caller, String operation, String resource) {
    return clientError(
        "AccessDeniedException",
        "User: "
            + caller.arn()
            + " is not authorized to perform: ecr:"
            + operation
            + " on resource: "
            + resource
            + " because no identity-based policy allows the ecr:"
            + operation
            + " action");
  }

  static EcrError clientError(String code, String message) {
    return new EcrError(code, CLIENT_ERROR, message);
  }

  /**
   * ECR's message prefix for a member that breaks a constraint (docs/ecr-semantics.md §1.3, §3.3).
   */
  static EcrError invalidParameter(String member, String constraint) {
    return clientError(
        "InvalidParameterException",
        "Invalid parameter at '" + member + "' failed to satisfy constraint: '" + constraint + "'");
  }

  static EcrError missingMember(String member) {
    return invalidParameter(member, "Member must not be null");
  }

  static EcrError serialization(String message) {
    return clientError("SerializationException", message);
  }

  static EcrError repositoryNotFound(String name, String account) {
    return clientError(
        "RepositoryNotFoundException",
        "The repository with name '"
            + name
            + "' does not exist in the registry with id '"
            + account
            + "'");
  }

  static EcrError repositoryAlreadyExists(String name, String account) {
    return clientError(
        "RepositoryAlreadyExistsException",
        "The repository with name '"
            + name
            + "' already exists in the registry with id '"
            + account
            + "'");
  }

  static EcrError repositoryNotEmpty(String name, String account) {
    return clientError(
        "RepositoryNotEmptyException",
        "The repository with name '"
            + name
            + "' in registry with id '"
            + account
            + "' cannot be deleted because it still contains images");
  }

  static EcrError lifecyclePolicyNotFound(String name, String account) {
    return clientError(
        "LifecyclePolicyNotFoundException",
        "Lifecycle policy does not exist for the repository with name '"
            + name
            + "' in the registry with id '"
            + account
            + "'");
  }

  static EcrError lifecyclePolicyPreviewNotFound(String name, String account) {
    return clientError(
        "LifecyclePolicyPreviewNotFoundException",
        "There is no dry run for the repository with name '"
            + name
            + "' in the registry with id '"
            + account
            + "'");
  }

  static EcrError repositoryPolicyNotFound(String name, String account) {
    return clientError(
        "RepositoryPolicyNotFoundException",
        "Repository policy does not exist for the repository with name '"
            + name
            + "' in the registry with id '"
            + account
            + "'");
  }

  static EcrError imageNotFound(String imageId, String name, String account) {
    return clientError(
        "ImageNotFoundException",
        "The image with imageId "
            + imageId
            + " does not exist within the repository with name '"
            + name
            + "' in the registry with id '"
            + account
            + "'");
  }

  static EcrError invalidTagParameter(String message) {
    return clientError("InvalidTagParameterException", message);
  }

  static EcrError tooManyTags(int limit) {
    return clientError(
        "TooManyTagsException", "The maximum number of tags for a resource is " + limit + ".");
  }
}
