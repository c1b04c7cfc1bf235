/**
 * The ECR side of a pass: observe what ECR holds, compare it with the desired state, and write only
 * what differs, one class per aspect of a repository (its existence, ownership, settings, tags,
 * repository policy, lifecycle policy and preview, and the guard on a policy: which images in use
 * it would take) under {@link dev.operators.ecr.sync.RepositorySync}; and the deletion policy
 * carried out when a resource goes. Each part returns domain values ({@link
 * dev.operators.ecr.sync.SyncResult}): the status is made from them in {@code status}.
 *
 * <p>May import {@code desired}, {@code api}, {@code policy}, {@code aws} and {@code inuse} (the
 * images in use reach a pass through {@link dev.operators.ecr.sync.InUseLookup}, not the watches);
 * not {@code status}, the reconcilers or the runtime.
 */
package dev.operators.ecr.sync;
