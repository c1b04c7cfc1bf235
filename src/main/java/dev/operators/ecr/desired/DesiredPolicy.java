package dev.operators.ecr.desired;

import dev.operators.ecr.policy.CanonicalPolicy;
import java.util.List;
import java.util.Objects;

/**
 * The lifecycle policy a spec asks for, and the one to put on the repository for it.
 *
 * @param source where it is declared: {@code inline} (spec.lifecyclePolicy), {@code text}
 *     (spec.lifecyclePolicyText), {@code ref} (spec.lifecyclePolicyRef) or {@code default} (the
 *     cluster's default EcrLifecyclePolicy)
 * @param name the EcrLifecyclePolicy it comes from, for ref and default; else null
 * @param canonical the policy as declared
 * @param applied the policy to put on the repository: the declared one, or, when images in use are
 *     protected, the protection rule followed by the declared rules
 * @param overlaps declared rules whose tag prefixes or patterns also select the protection tags,
 *     each as a sentence naming the rule; empty when nothing is protected
 */
public record DesiredPolicy(
    String source,
    String name,
    CanonicalPolicy canonical,
    CanonicalPolicy applied,
    List<String> overlaps) {
  public static final String INLINE = "inline";
  public static final String TEXT = "text";
  public static final String REF = "ref";
  public static final String DEFAULT = "default";

  /** A policy applied as it is declared. */
  public DesiredPolicy(String source, String name, CanonicalPolicy canonical) {
    this(source, name, canonical, canonical, List.of());
  }

  public DesiredPolicy {
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(applied, "applied");
    overlaps = List.copyOf(overlaps);
  }

  /** The same policy, put on the repository as {@code applied}, with what overlaps. */
  public DesiredPolicy applying(CanonicalPolicy applied, List<String> overlaps) {
    return new DesiredPolicy(source, name, canonical, applied, overlaps);
  }

  /** Whether the policy applied differs from the one declared: the protection rule is first. */
  public boolean protecting() {
    return !applied.digest().equals(canonical.digest());
  }
}
