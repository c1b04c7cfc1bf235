package dev.operators.ecr.sync;

import java.util.List;

/**
 * What one pass over a registry-level setting did in ECR.
 *
 * @param action what the pass did to the setting as a whole
 * @param fields the fields it wrote: for {@link Action#ADOPTED}, those it set on adopting; for
 *     {@link Action#CREATED}, {@link #WHOLE} when the setting was managed (deleted behind the
 *     operator's back), else none; empty when none
 * @param observed what the kind reports beyond that (for a pull-through cache rule, ECR's check of
 *     its upstream); may be null
 * @param notReady why the setting, although as declared, does not work yet; null when it does
 * @param <O> the kind's observation
 */
public record SettingOutcome<O>(Action action, List<String> fields, O observed, NotReady notReady) {

  /** The field name of a whole setting recreated after it was deleted outside the operator. */
  public static final String WHOLE = "(all: it was deleted)";

  public SettingOutcome {
    fields = List.copyOf(fields);
  }

  /** What a pass did to the setting as a whole. */
  public enum Action {
    /** It was missing and is now created (again, when it was managed: drift). */
    CREATED,
    /** It existed as declared, made by someone else, and is now managed. */
    ADOPTED,
    /** Some of its fields were written. */
    UPDATED,
    /** ECR already matched. */
    UNCHANGED
  }

  /** Why a setting in ECR as declared does not work: the condition reason and message. */
  public record NotReady(String reason, String message) {}

  /** Whether the pass wrote anything. */
  public boolean wrote() {
    return action != Action.UNCHANGED;
  }
}
