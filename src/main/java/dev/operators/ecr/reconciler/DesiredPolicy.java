package dev.operators.ecr.reconciler;

import dev.operators.ecr.policy.CanonicalPolicy;

/**
 * The lifecycle policy a spec asks for.
 *
 * @param source where it is declared: {@code inline} (spec.lifecyclePolicy) or {@code text}
 *     (spec.lifecyclePolicyText)
 */
public record DesiredPolicy(String source, CanonicalPolicy canonical) {
  public static final String INLINE = "inline";
  public static final String TEXT = "text";
}
