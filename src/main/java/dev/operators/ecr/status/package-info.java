/**
 * Status: the conditions as kstatus reads them, the failure classification of ECR errors, and the
 * builders of both kinds' status ({@link dev.operators.ecr.status.StatusFactory} for EcrRepository,
 * {@link dev.operators.ecr.status.PolicyStatusFactory} for EcrLifecyclePolicy): the only place
 * status values are made, from the desired state and the domain values a sync returns. The reasons
 * themselves are part of the API ({@link dev.operators.ecr.api.Reasons}).
 *
 * <p>May import {@code sync}, {@code desired}, {@code api}, {@code policy} and {@code aws}; not the
 * reconcilers or the runtime.
 */
package dev.operators.ecr.status;
