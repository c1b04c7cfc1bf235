package dev.operators.ecr.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Sets conditions as the Kubernetes API conventions define them. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String STALLED = "Stalled";
  public static final String RECONCILING = "Reconciling";

  private Conditions() {}

  /**
   * Returns {@code conditions} with {@code type} set; {@code lastTransitionTime} moves only when
   * the status flips.
   */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    List<Condition> result = new ArrayList<>();
    Condition previous = null;
    for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
      if (type.equals(c.getType())) {
        previous = c;
      } else {
        result.add(c);
      }
    }
    String transition =
        previous != null && value.equals(previous.getStatus())
            ? previous.getLastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    result.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    result.sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
    return result;
  }

  /**
   * Ready, Stalled and Reconciling together, as kstatus reads them: all three carry the reason, and
   * the message goes on those that are True.
   */
  public static List<Condition> kstatus(
      List<Condition> conditions,
      boolean ready,
      boolean stalled,
      boolean reconciling,
      String reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> result = set(conditions, READY, ready, reason, message, generation, now);
    result = set(result, STALLED, stalled, reason, stalled ? message : "", generation, now);
    return set(
        result, RECONCILING, reconciling, reason, reconciling ? message : "", generation, now);
  }

  /** The condition of that type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static int order(String type) {
    return switch (type) {
      case READY -> 0;
      case STALLED -> 1;
      case RECONCILING -> 2;
      default -> 3;
    };
  }
}
