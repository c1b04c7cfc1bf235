package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.aws.RepositoryRef;

/**
 * What ECR should hold for one EcrRepository, built from its spec by {@link DesiredState}.
 *
 * @param policy null when the spec declares no lifecycle policy
 */
public record DesiredRepository(
    RepositoryRef ref,
    Owner owner,
    DesiredPolicy policy,
    boolean adopt,
    DeletionPolicy deletionPolicy,
    boolean forceDelete) {}
