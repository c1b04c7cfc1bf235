package dev.operators.ecr.policy.bench;

import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.RandomPolicies;
import java.time.Instant;
import java.util.List;

/**
 * The policy engine's benchmark input at ECR's limits: a 50-rule policy (the most a policy may
 * have) as text, and 100,000 images (the default images-per-repository quota), drawn from a fixed
 * seed so that every run measures the same work.
 *
 * @param policyText the policy as a user writes it: rules shuffled, keys in any order, whitespace
 *     anywhere
 * @param images unique digests, up to 400 days old, tagged and untagged, some archived
 * @param now the instant the policy is evaluated at
 */
public record PolicyWorkload(String policyText, List<Image> images, Instant now) {
  private static final int RULES = 50;
  private static final int IMAGES = 100_000;

  private static final long SEED = 2026;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  public PolicyWorkload {
    images = List.copyOf(images);
  }

  /** The same workload on every call. */
  public static PolicyWorkload atEcrLimits() {
    RandomPolicies random = new RandomPolicies(SEED);
    String text = random.respell(random.policyWithRules(RULES));
    return new PolicyWorkload(text, random.images(IMAGES, NOW), NOW);
  }
}
