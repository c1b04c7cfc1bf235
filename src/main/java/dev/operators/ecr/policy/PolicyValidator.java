package dev.operators.ecr.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Every check ECR makes on a lifecycle policy document; an empty list means valid. */
public final class PolicyValidator {
  private PolicyValidator() {}

  public static List<PolicyProblem> validate(String json) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public static List<PolicyProblem> validate(JsonNode document) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
