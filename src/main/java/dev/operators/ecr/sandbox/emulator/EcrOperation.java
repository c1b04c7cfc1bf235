package dev.operators.ecr.sandbox.emulator;

import java.util.Arrays;
import java.util.Optional;

/** The ECR operations the emulator serves, by their wire names. */
enum EcrOperation {
  CREATE_REPOSITORY("CreateRepository", true),
  DESCRIBE_REPOSITORIES("DescribeRepositories", false),
  DELETE_REPOSITORY("DeleteRepository", true),
  PUT_IMAGE_TAG_MUTABILITY("PutImageTagMutability", true),
  PUT_IMAGE_SCANNING_CONFIGURATION("PutImageScanningConfiguration", true),
  SET_REPOSITORY_POLICY("SetRepositoryPolicy", true),
  GET_REPOSITORY_POLICY("GetRepositoryPolicy", false),
  DELETE_REPOSITORY_POLICY("DeleteRepositoryPolicy", true),
  TAG_RESOURCE("TagResource", true),
  UNTAG_RESOURCE("UntagResource", true),
  LIST_TAGS_FOR_RESOURCE("ListTagsForResource", false),
  PUT_LIFECYCLE_POLICY("PutLifecyclePolicy", true),
  GET_LIFECYCLE_POLICY("GetLifecyclePolicy", false),
  DELETE_LIFECYCLE_POLICY("DeleteLifecyclePolicy", true),
  START_LIFECYCLE_POLICY_PREVIEW("StartLifecyclePolicyPreview", true),
  GET_LIFECYCLE_POLICY_PREVIEW("GetLifecyclePolicyPreview", false),
  PUT_IMAGE("PutImage", true),
  // Records a pull time, but reads as far as IAM and the operator's write counts are concerned.
  BATCH_GET_IMAGE("BatchGetImage", false),
  DESCRIBE_IMAGES("DescribeImages", false),
  LIST_IMAGES("ListImages", false),
  BATCH_DELETE_IMAGE("BatchDeleteImage", true),
  CREATE_PULL_THROUGH_CACHE_RULE("CreatePullThroughCacheRule", true),
  DESCRIBE_PULL_THROUGH_CACHE_RULES("DescribePullThroughCacheRules", false),
  UPDATE_PULL_THROUGH_CACHE_RULE("UpdatePullThroughCacheRule", true),
  DELETE_PULL_THROUGH_CACHE_RULE("DeletePullThroughCacheRule", true),
  VALIDATE_PULL_THROUGH_CACHE_RULE("ValidatePullThroughCacheRule", false),
  CREATE_REPOSITORY_CREATION_TEMPLATE("CreateRepositoryCreationTemplate", true),
  DESCRIBE_REPOSITORY_CREATION_TEMPLATES("DescribeRepositoryCreationTemplates", false),
  UPDATE_REPOSITORY_CREATION_TEMPLATE("UpdateRepositoryCreationTemplate", true),
  DELETE_REPOSITORY_CREATION_TEMPLATE("DeleteRepositoryCreationTemplate", true),
  // Registry settings.
  PUT_REPLICATION_CONFIGURATION("PutReplicationConfiguration", true),
  DESCRIBE_REGISTRY("DescribeRegistry", false),
  PUT_REGISTRY_SCANNING_CONFIGURATION("PutRegistryScanningConfiguration", true),
  GET_REGISTRY_SCANNING_CONFIGURATION("GetRegistryScanningConfiguration", false),
  PUT_REGISTRY_POLICY("PutRegistryPolicy", true),
  GET_REGISTRY_POLICY("GetRegistryPolicy", false),
  DELETE_REGISTRY_POLICY("DeleteRegistryPolicy", true),
  PUT_SIGNING_CONFIGURATION("PutSigningConfiguration", true),
  GET_SIGNING_CONFIGURATION("GetSigningConfiguration", false),
  DELETE_SIGNING_CONFIGURATION("DeleteSigningConfiguration", true),
  REGISTER_PULL_TIME_UPDATE_EXCLUSION("RegisterPullTimeUpdateExclusion", true),
  DEREGISTER_PULL_TIME_UPDATE_EXCLUSION("DeregisterPullTimeUpdateExclusion", true),
  LIST_PULL_TIME_UPDATE_EXCLUSIONS("ListPullTimeUpdateExclusions", false);

  private final String wireName;
  private final boolean write;

  EcrOperation(String wireName, boolean write) {
    this.wireName = wireName;
    this.write = write;
  }

  String wireName() {
    return wireName;
  }

  /** Whether the operation changes ECR's state (or starts work, as a preview does). */
  boolean write() {
    return write;
  }

  static Optional<EcrOperation> byWireName(String name) {
    return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
  }

  static EcrOperation require(String name) {
    return byWireName(name)
        .orElseThrow(() -> new IllegalArgumentException("not an emulated ECR operation: " + name));
  }
}
