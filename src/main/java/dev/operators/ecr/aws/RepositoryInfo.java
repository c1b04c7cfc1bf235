package dev.operators.ecr.aws;

import java.time.Instant;

/** A repository as ECR describes it. */
public record RepositoryInfo(
    String name, String arn, String uri, String registryId, Instant createdAt) {}
