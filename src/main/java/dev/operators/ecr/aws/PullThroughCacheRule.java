package dev.operators.ecr.aws;

/** A pull-through cache rule as ECR reports it; absent optional fields are null. */
public record PullThroughCacheRule(
    String ecrRepositoryPrefix,
    String upstreamRegistryUrl,
    String upstreamRegistry,
    String upstreamRepositoryPrefix,
    String credentialArn,
    String customRoleArn) {}
