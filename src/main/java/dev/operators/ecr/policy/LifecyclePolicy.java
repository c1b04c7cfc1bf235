package dev.operators.ecr.policy;

import com.fasterxml.jackson.databind.JsonNode;

/** A lifecycle policy document that passed every check ECR makes. */
public final class LifecyclePolicy {

  /** Parses and validates policy JSON text; throws with every problem found. */
  public static LifecyclePolicy parse(String json) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Validates an already parsed document (for example built from a Kubernetes spec). */
  public static LifecyclePolicy of(JsonNode document) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public CanonicalPolicy canonical() {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
