package dev.operators.ecr.aws;

import java.time.Instant;

/** The lifecycle policy ECR holds for a repository, and when ECR last ran it (may be null). */
public record LifecyclePolicyState(String text, Instant lastEvaluatedAt) {}
