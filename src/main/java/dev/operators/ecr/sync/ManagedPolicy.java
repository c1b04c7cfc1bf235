package dev.operators.ecr.sync;

import java.time.Instant;

/**
 * The lifecycle policy this operator manages on a repository after a pass.
 *
 * @param source where the spec declares it (see {@link dev.operators.ecr.desired.DesiredPolicy})
 * @param name the EcrLifecyclePolicy it comes from; null for a policy in the spec itself
 * @param digest its canonical form's digest
 * @param lastEvaluatedAt when ECR last ran it, as ECR reports it; null when unknown
 */
public record ManagedPolicy(String source, String name, String digest, Instant lastEvaluatedAt) {}
