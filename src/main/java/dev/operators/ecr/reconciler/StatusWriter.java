package dev.operators.ecr.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.ResourceStatus;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a status only when it differs from the one the resource carries, replacing it whole
 * (fields the operator no longer reports disappear) and keeping JOSDK's cache current.
 */
public class StatusWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean serverSideApply;

  /** A writer that updates the status subresource (optimistic locking on the resource version). */
  public StatusWriter() {
    this(false);
  }

  /**
   * @param serverSideApply true: apply the status with server-side apply instead of an update
   */
  public StatusWriter(boolean serverSideApply) {
    this.serverSideApply = serverSideApply;
  }

  /** Returns the resource as stored after the write, or the same resource when nothing changed. */
  public <S, R extends CustomResource<?, S>> R write(R resource, Context<R> context, S status) {
    echoRequest(resource, status);
    if (JSON.valueToTree(status).equals(JSON.valueToTree(resource.getStatus()))) {
      return resource;
    }
    if (serverSideApply) {
      return PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          resource, statusOnly(resource, status), context);
    }
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        resource,
        context,
        fresh -> {
          fresh.setStatus(status);
          return fresh;
        });
  }

  /**
   * A pass that writes the status it ends with has handled the reconcile request the resource
   * carries: its value goes to {@code status.lastHandledReconcileAt}, as Flux does. A status
   * written while work is under way (Reconciling=True: before the ECR calls of a new generation, or
   * a failure to be retried) has not handled it yet; with no request, the last value handled stays.
   */
  private static <S> void echoRequest(CustomResource<?, S> resource, S status) {
    if (!(status instanceof ResourceStatus steered)) {
      return;
    }
    String requested = Annotations.requestedAt(resource);
    Condition reconciling = Conditions.find(steered.getConditions(), Conditions.RECONCILING);
    boolean underWay = reconciling != null && "True".equals(reconciling.getStatus());
    if (requested != null && !underWay) {
      steered.setLastHandledReconcileAt(requested);
    } else if (resource.getStatus() instanceof ResourceStatus before) {
      steered.setLastHandledReconcileAt(before.getLastHandledReconcileAt());
    }
  }

  // What an apply of the status carries: identity and status, nothing of the spec.
  @SuppressWarnings("unchecked")
  private static <S, R extends CustomResource<?, S>> R statusOnly(R resource, S status) {
    try {
      R fresh = (R) resource.getClass().getDeclaredConstructor().newInstance();
      fresh.getMetadata().setName(resource.getMetadata().getName());
      fresh.getMetadata().setNamespace(resource.getMetadata().getNamespace());
      fresh.setStatus(status);
      return fresh;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + resource.getClass().getName(), e);
    }
  }
}
