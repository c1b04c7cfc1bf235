package dev.operators.ecr.admission;

/**
 * One reason the API server would refuse an object: where, as a field path (null for a decoding
 * error, which names the field in its message), and what, worded as the API server words it.
 */
record Rejection(String path, String message) {
  /**
   * A broken CEL rule: the API server shows the value when it is a scalar, then the rule's message;
   * a rule on the whole object has no field path ({@code <nil>}).
   */
  static Rejection ofRule(
      String path, com.fasterxml.jackson.databind.JsonNode value, String ruleMessage) {
    String shown = value.isValueNode() ? FieldErrors.goValue(value) + ": " : "";
    return new Rejection(path.isEmpty() ? "<nil>" : path, "Invalid value: " + shown + ruleMessage);
  }

  @Override
  public String toString() {
    return path == null ? message : path + ": " + message;
  }
}
