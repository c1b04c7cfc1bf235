package dev.operators.ecr.desired;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.aws.RepositoryRef;

/**
 * What the deletion of an EcrRepository asks of ECR, built by {@link DesiredState#deletion}.
 *
 * @param ref the repository the resource manages
 * @param owner the owner tag it must carry to be deleted or released
 * @param policy Retain unless the spec says Delete
 * @param force delete it with its images
 */
public record DesiredDeletion(
    RepositoryRef ref, Owner owner, DeletionPolicy policy, boolean force) {}
