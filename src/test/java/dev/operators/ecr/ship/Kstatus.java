package dev.operators.ecr.ship;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kstatus's status computation for a custom resource, transcribed from
 * sigs.k8s.io/cli-utils/pkg/kstatus/status ({@code status.go: Compute}, {@code generic.go:
 * checkGenericProperties, checkGeneration}), the library Flux's kustomize-controller uses to wait
 * for resources it applies. For a kind it has no built-in rules for ({@code GetLegacyConditionsFn}
 * returns nil), only the generic rules apply:
 *
 * <ol>
 *   <li>{@code metadata.deletionTimestamp} set: Terminating;
 *   <li>{@code status.observedGeneration} present and different from {@code metadata.generation}:
 *       InProgress ("LatestGenerationNotObserved");
 *   <li>the first condition, in list order, that is {@code Reconciling=True} (InProgress) or {@code
 *       Stalled=True} (Failed) decides, with its message;
 *   <li>otherwise Current: "the absence of any known conditions means the resource is current".
 * </ol>
 *
 * Ready is not read at all: kstatus's conditions are abnormal-true (True means something is off).
 */
final class Kstatus {
  enum Status {
    IN_PROGRESS,
    FAILED,
    CURRENT,
    TERMINATING
  }

  record Result(Status status, String message) {}

  private Kstatus() {}

  static Result compute(JsonNode object) {
    String deletion = object.at("/metadata/deletionTimestamp").asText("");
    if (!deletion.isEmpty()) {
      return new Result(Status.TERMINATING, "Resource scheduled for deletion");
    }
    JsonNode generation = object.at("/metadata/generation");
    JsonNode observed = object.at("/status/observedGeneration");
    if (generation.isIntegralNumber()
        && observed.isIntegralNumber()
        && observed.asLong() != generation.asLong()) {
      return new Result(
          Status.IN_PROGRESS,
          object.path("kind").asText()
              + " generation is "
              + generation.asLong()
              + ", but latest observed generation is "
              + observed.asLong());
    }
    for (JsonNode condition : object.at("/status/conditions")) {
      String type = condition.path("type").asText();
      boolean isTrue = "True".equals(condition.path("status").asText());
      if (type.equals("Reconciling") && isTrue) {
        return new Result(Status.IN_PROGRESS, condition.path("message").asText());
      }
      if (type.equals("Stalled") && isTrue) {
        return new Result(Status.FAILED, condition.path("message").asText());
      }
    }
    return new Result(Status.CURRENT, "Resource is current");
  }
}
