package dev.operators.ecr.aws;

/**
 * The ECR API operations behind {@link EcrPort}, each by its API name: the name a failure reports
 * ({@link EcrException#operation()}), the {@code operation} label of the ECR call metric, and the
 * IAM action ({@code ecr:} and the name).
 */
public enum EcrOperation {
  DESCRIBE_REPOSITORIES("DescribeRepositories"),
  CREATE_REPOSITORY("CreateRepository"),
  PUT_IMAGE_TAG_MUTABILITY("PutImageTagMutability"),
  PUT_IMAGE_SCANNING_CONFIGURATION("PutImageScanningConfiguration"),
  LIST_TAGS_FOR_RESOURCE("ListTagsForResource"),
  TAG_RESOURCE("TagResource"),
  UNTAG_RESOURCE("UntagResource"),
  GET_REPOSITORY_POLICY("GetRepositoryPolicy"),
  SET_REPOSITORY_POLICY("SetRepositoryPolicy"),
  DELETE_REPOSITORY_POLICY("DeleteRepositoryPolicy"),
  GET_LIFECYCLE_POLICY("GetLifecyclePolicy"),
  PUT_LIFECYCLE_POLICY("PutLifecyclePolicy"),
  DELETE_LIFECYCLE_POLICY("DeleteLifecyclePolicy"),
  START_LIFECYCLE_POLICY_PREVIEW("StartLifecyclePolicyPreview"),
  GET_LIFECYCLE_POLICY_PREVIEW("GetLifecyclePolicyPreview"),
  LIST_IMAGES("ListImages"),
  DESCRIBE_IMAGES("DescribeImages"),
  BATCH_GET_IMAGE("BatchGetImage"),
  PUT_IMAGE("PutImage"),
  BATCH_DELETE_IMAGE("BatchDeleteImage"),
  DELETE_REPOSITORY("DeleteRepository"),
  DESCRIBE_PULL_THROUGH_CACHE_RULES("DescribePullThroughCacheRules"),
  CREATE_PULL_THROUGH_CACHE_RULE("CreatePullThroughCacheRule"),
  UPDATE_PULL_THROUGH_CACHE_RULE("UpdatePullThroughCacheRule"),
  DELETE_PULL_THROUGH_CACHE_RULE("DeletePullThroughCacheRule"),
  VALIDATE_PULL_THROUGH_CACHE_RULE("ValidatePullThroughCacheRule"),
  DESCRIBE_REPOSITORY_CREATION_TEMPLATES("DescribeRepositoryCreationTemplates"),
  CREATE_REPOSITORY_CREATION_TEMPLATE("CreateRepositoryCreationTemplate"),
  UPDATE_REPOSITORY_CREATION_TEMPLATE("UpdateRepositoryCreationTemplate"),
  DELETE_REPOSITORY_CREATION_TEMPLATE("DeleteRepositoryCreationTemplate"),
  // Registry settings.
  DESCRIBE_REGISTRY("DescribeRegistry"),
  PUT_REPLICATION_CONFIGURATION("PutReplicationConfiguration"),
  GET_REGISTRY_SCANNING_CONFIGURATION("GetRegistryScanningConfiguration"),
  PUT_REGISTRY_SCANNING_CONFIGURATION("PutRegistryScanningConfiguration"),
  GET_REGISTRY_POLICY("GetRegistryPolicy"),
  PUT_REGISTRY_POLICY("PutRegistryPolicy"),
  DELETE_REGISTRY_POLICY("DeleteRegistryPolicy"),
  GET_SIGNING_CONFIGURATION("GetSigningConfiguration"),
  PUT_SIGNING_CONFIGURATION("PutSigningConfiguration"),
  DELETE_SIGNING_CONFIGURATION("DeleteSigningConfiguration"),
  LIST_PULL_TIME_UPDATE_EXCLUSIONS("ListPullTimeUpdateExclusions"),
  REGISTER_PULL_TIME_UPDATE_EXCLUSION("RegisterPullTimeUpdateExclusion"),
  DEREGISTER_PULL_TIME_UPDATE_EXCLUSION("DeregisterPullTimeUpdateExclusion");

  private final String apiName;

  EcrOperation(String apiName) {
    this.apiName = apiName;
  }

  /**
   * Whether a call changes anything ECR keeps: a setting, a tag, an image, a policy, a rule, and
   * also the preview a repository holds (StartLifecyclePolicyPreview) and an image's last pull time
   * (BatchGetImage records a pull). The others only read. A paused resource makes none of these
   * ({@link ReadOnlyEcrPort}).
   */
  public boolean changesEcr() {
    return switch (this) {
      case DESCRIBE_REPOSITORIES,
          LIST_TAGS_FOR_RESOURCE,
          GET_REPOSITORY_POLICY,
          GET_LIFECYCLE_POLICY,
          GET_LIFECYCLE_POLICY_PREVIEW,
          LIST_IMAGES,
          DESCRIBE_IMAGES,
          DESCRIBE_PULL_THROUGH_CACHE_RULES,
          VALIDATE_PULL_THROUGH_CACHE_RULE,
          DESCRIBE_REPOSITORY_CREATION_TEMPLATES,
          DESCRIBE_REGISTRY,
          GET_REGISTRY_SCANNING_CONFIGURATION,
          GET_REGISTRY_POLICY,
          GET_SIGNING_CONFIGURATION,
          LIST_PULL_TIME_UPDATE_EXCLUSIONS ->
          false;
      default -> true;
    };
  }

  /** As ECR's API spells it, e.g. {@code PutLifecyclePolicy}. */
  public String apiName() {
    return apiName;
  }

  @Override
  public String toString() {
    return apiName;
  }
}
