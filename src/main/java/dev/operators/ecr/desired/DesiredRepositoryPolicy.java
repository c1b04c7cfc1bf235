package dev.operators.ecr.desired;

import dev.operators.ecr.policy.RepositoryPolicy;

/**
 * The repository permission policy a spec asks for.
 *
 * @param text sent to ECR as the user wrote it
 * @param canonical its meaning, for comparison with what ECR holds
 */
public record DesiredRepositoryPolicy(String text, RepositoryPolicy canonical) {}
