package dev.operators.ecr.desired;

import dev.operators.ecr.policy.CanonicalPolicy;

/**
 * The lifecycle policy a spec asks for.
 *
 * @param source where it is declared: {@code inline} (spec.lifecyclePolicy), {@code text}
 *     (spec.lifecyclePolicyText), {@code ref} (spec.lifecyclePolicyRef) or {@code default} (the
 *     cluster's default EcrLifecyclePolicy)
 * @param name the EcrLifecyclePolicy it comes from, for ref and default; else null
 */
public record DesiredPolicy(String source, String name, CanonicalPolicy canonical) {
  public static final String INLINE = "inline";
  public static final String TEXT = "text";
  public static final String REF = "ref";
  public static final String DEFAULT = "default";
}
