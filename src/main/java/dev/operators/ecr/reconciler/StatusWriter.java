package dev.operators.ecr.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes a status only when it differs from the one the resource carries, replacing it whole
 * (fields the operator no longer reports disappear) and keeping JOSDK's cache current.
 */
public class StatusWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Returns the resource as stored after the write, or the same resource when nothing changed. */
  public <S, R extends CustomResource<?, S>> R write(R resource, Context<R> context, S status) {
    if (JSON.valueToTree(status).equals(JSON.valueToTree(resource.getStatus()))) {
      return resource;
    }
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        resource,
        context,
        fresh -> {
          fresh.setStatus(status);
          return fresh;
        });
  }
}
