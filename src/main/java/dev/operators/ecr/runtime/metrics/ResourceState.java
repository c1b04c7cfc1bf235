package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the metrics tell of one EcrRepository's conditions: the status of Ready, its reason when it
 * is not True, and whether the resource is Stalled. The reason is one of {@link #REASONS}, {@link
 * #OTHER} or {@link #NONE}, so the series they label stay few whatever the statuses say.
 *
 * <p>Every possible state is made once: a cache keeps the {@link #key()} of each resource, and
 * shares these strings instead of holding one copy per resource.
 */
public record ResourceState(String ready, String reason, boolean stalled) {
  /** The reasons a Ready condition of an EcrRepository may give (README, "The API"). */
  public static final List<String> REASONS =
      List.of(
          Reasons.SYNCED,
          Reasons.CREATING,
          Reasons.UPDATING,
          Reasons.INVALID_SPEC,
          Reasons.OWNERSHIP_CONFLICT,
          Reasons.ALREADY_EXISTS,
          Reasons.ACCESS_DENIED,
          Reasons.THROTTLED,
          Reasons.AWS_ERROR,
          Reasons.DELETION_BLOCKED,
          Reasons.ENCRYPTION_MISMATCH,
          Reasons.POLICY_NOT_FOUND,
          Reasons.POLICY_INVALID,
          Reasons.DEFAULT_POLICY_CONFLICT,
          Reasons.IN_USE,
          Reasons.PAUSED,
          Reasons.CLAIMED,
          Reasons.NO_ACCESS,
          Reasons.AMBIGUOUS_ACCESS,
          Reasons.INVALID_ACCESS,
          Reasons.ACCOUNT_CHANGED,
          Reasons.UPSTREAM_UNREACHABLE);

  /** A reason that is none of {@link #REASONS}. */
  public static final String OTHER = "Other";

  /** No Ready condition yet (or none at all), or Ready True: its reason is not counted. */
  public static final String NONE = "None";

  /** The Ready condition's possible states; a resource with no condition yet counts as Unknown. */
  public static final List<String> READY_STATES = List.of("True", "False", "Unknown");

  private static final Map<String, ResourceState> BY_KEY = new HashMap<>();

  /** Each key, mapped to itself: the one instance of that string. */
  private static final Map<String, String> KEYS = new HashMap<>();

  static {
    put(new ResourceState("True", NONE, false));
    for (String ready : List.of("False", "Unknown")) {
      for (boolean stalled : List.of(false, true)) {
        put(new ResourceState(ready, NONE, stalled));
        put(new ResourceState(ready, OTHER, stalled));
        REASONS.forEach(reason -> put(new ResourceState(ready, reason, stalled)));
      }
    }
  }

  private static void put(ResourceState state) {
    String key = state.key();
    BY_KEY.put(key, state);
    KEYS.put(key, key);
  }

  /** The string naming this state; {@link #keyOf} gives the shared instance of it. */
  public String key() {
    return ready + "/" + reason + (stalled ? "/Stalled" : "");
  }

  /** The state a key names, or null for a string that is no state's key. */
  public static ResourceState ofKey(String key) {
    return BY_KEY.get(key);
  }

  /** The state of a resource, as the shared key of its state. */
  public static String keyOf(EcrRepository resource) {
    List<Condition> conditions =
        resource.getStatus() == null ? null : resource.getStatus().getConditions();
    Condition readyCondition = Conditions.find(conditions, Conditions.READY);
    String ready =
        readyCondition == null || !READY_STATES.contains(readyCondition.getStatus())
            ? "Unknown"
            : readyCondition.getStatus();
    String reason;
    if (readyCondition == null || ready.equals("True")) {
      reason = NONE;
    } else {
      reason = REASONS.contains(readyCondition.getReason()) ? readyCondition.getReason() : OTHER;
    }
    Condition stalledCondition = Conditions.find(conditions, Conditions.STALLED);
    boolean stalled =
        !ready.equals("True")
            && stalledCondition != null
            && "True".equals(stalledCondition.getStatus());
    // The shared instance: the string just built is dropped.
    return KEYS.get(new ResourceState(ready, reason, stalled).key());
  }
}
