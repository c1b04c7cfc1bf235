package dev.operators.ecr.sync;

import java.time.Instant;

/**
 * The lifecycle policy this operator manages on a repository after a pass.
 *
 * @param source where the spec declares it (see {@link dev.operators.ecr.desired.DesiredPolicy})
 * @param name the EcrLifecyclePolicy it comes from; null for a policy in the spec itself
 * @param digest the declared policy's canonical digest
 * @param appliedDigest the canonical digest of the policy put on the repository: {@code digest}, or
 *     that of the protection rule followed by the declared rules
 * @param lastEvaluatedAt when ECR last ran it, as ECR reports it; null when unknown
 */
public record ManagedPolicy(
    String source, String name, String digest, String appliedDigest, Instant lastEvaluatedAt) {

  /** Whether the policy put on the repository differs from the one declared. */
  public boolean protecting() {
    return !digest.equals(appliedDigest);
  }
}
