package dev.operators.ecr.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * The annotations a person sets on any resource of the operator to steer it: ask for a pass now,
 * and pause it. Flux's {@code reconcile.fluxcd.io/requestedAt} and Cluster API's {@code paused}
 * work the same way.
 */
public final class Annotations {
  private Annotations() {}

  /**
   * Any value, conventionally a timestamp ({@code date +%s}): a change of it asks for a full pass
   * now. The value handled is echoed to {@code status.lastHandledReconcileAt}.
   */
  public static final String RECONCILE_REQUESTED_AT = "ecr.operators.dev/reconcile-requested-at";

  /**
   * {@code "true"}: the resource is paused; ECR is read and compared, never written. Any other
   * value, or none, is not paused.
   */
  public static final String PAUSED = "ecr.operators.dev/paused";

  /** The value of {@link #PAUSED} that pauses. */
  public static final String PAUSED_VALUE = "true";

  /** The reconcile request the resource carries; null for none. */
  public static String requestedAt(HasMetadata resource) {
    return annotation(resource, RECONCILE_REQUESTED_AT);
  }

  /**
   * Whether the resource is paused: exactly {@code "true"}. Anything else (say {@code "yes"} or
   * {@code "True"}) does not pause, and {@link #pausedValueIgnored} tells so.
   */
  public static boolean paused(HasMetadata resource) {
    return PAUSED_VALUE.equals(annotation(resource, PAUSED));
  }

  /** The pause annotation's value when it is set to something other than {@code "true"}. */
  public static String pausedValueIgnored(HasMetadata resource) {
    String value = annotation(resource, PAUSED);
    return value == null || PAUSED_VALUE.equals(value) ? null : value;
  }

  /**
   * Whether a change from {@code old} to {@code fresh} touched one of these annotations: such a
   * change is an instruction, and gets a pass although the generation did not move.
   */
  public static boolean steeringChanged(HasMetadata fresh, HasMetadata old) {
    return !Objects.equals(requestedAt(fresh), requestedAt(old))
        || !Objects.equals(annotation(fresh, PAUSED), annotation(old, PAUSED));
  }

  private static String annotation(HasMetadata resource, String key) {
    if (resource == null || resource.getMetadata() == null) {
      return null;
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
