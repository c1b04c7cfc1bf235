/**
 * The ECR side of a pass: observe what ECR holds, compare it with the desired state, and write only
 * what differs, one class per aspect of a repository (its existence, ownership, settings, tags,
 * repository policy, lifecycle policy and preview) under {@link
 * dev.operators.ecr.sync.RepositorySync}; and the deletion policy carried out when a resource goes.
 * Each part returns domain values ({@link dev.operators.ecr.sync.SyncResult}): the status is made
 * from them in {@code status}.
 *
 * <p>May import {@code desired}, {@code api}, {@code policy} and {@code aws}; not {@code status},
 * the reconcilers or the runtime.
 */
package dev.operators.ecr.sync;
