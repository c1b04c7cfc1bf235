package dev.operators.ecr.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A lifecycle policy document that passed every check ECR makes. */
public final class LifecyclePolicy {
  /** docs/ecr-semantics.md §V18: the shortest policy text ECR accepts, in characters. */
  public static final int MIN_TEXT_LENGTH = 100;

  /** docs/ecr-semantics.md §V18: the longest policy text ECR accepts, in characters. */
  public static final int MAX_TEXT_LENGTH = 30_720;

  private final List<Rule> rules;
  private final boolean prioritiesFromListOrder;
  private final CanonicalPolicy canonical;

  LifecyclePolicy(List<Rule> rules, boolean prioritiesFromListOrder, CanonicalPolicy canonical) {
    this.rules = List.copyOf(rules);
    this.prioritiesFromListOrder = prioritiesFromListOrder;
    this.canonical = canonical;
  }

  /** Parses and validates policy JSON text; throws with every problem found. */
  public static LifecyclePolicy parse(String json) {
    return PolicyValidator.read(json).policy();
  }

  /** Validates an already parsed document (for example built from a Kubernetes spec). */
  public static LifecyclePolicy of(JsonNode document) {
    return PolicyValidator.read(document).policy();
  }

  /** The rules, lowest {@code rulePriority} (applied first) first. */
  public List<Rule> rules() {
    return rules;
  }

  /** True when no rule had a {@code rulePriority} and the rules were numbered 1..n in order. */
  public boolean prioritiesFromListOrder() {
    return prioritiesFromListOrder;
  }

  public CanonicalPolicy canonical() {
    return canonical;
  }

  /** Two policies are equal when they mean the same: their canonical JSON is equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof LifecyclePolicy policy
        && canonical.json().equals(policy.canonical.json());
  }

  @Override
  public int hashCode() {
    return canonical.json().hashCode();
  }

  @Override
  public String toString() {
    return canonical.json();
  }

  /**
   * One rule.
   *
   * @param description empty when the document has none (an empty and an absent description mean
   *     the same)
   */
  public record Rule(int priority, String description, Selection selection, ActionType action) {}

  /**
   * Which images a rule selects and how many or how old they may be.
   *
   * @param tagPrefixes sorted and without duplicates (ECR treats the list as a set: every entry
   *     must match); empty unless the rule uses {@code tagPrefixList}
   * @param tagPatterns the same for {@code tagPatternList}
   * @param countNumber images kept for {@link CountType#IMAGE_COUNT_MORE_THAN}, else days
   */
  public record Selection(
      TagStatus tagStatus,
      List<String> tagPrefixes,
      List<String> tagPatterns,
      StorageClass storageClass,
      CountType countType,
      int countNumber) {
    public Selection {
      tagPrefixes = List.copyOf(tagPrefixes);
      tagPatterns = List.copyOf(tagPatterns);
    }
  }
}
