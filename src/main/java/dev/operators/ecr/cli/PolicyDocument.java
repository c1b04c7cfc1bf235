package dev.operators.ecr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.policy.PolicyValidator;
import java.util.List;

/**
 * A bare lifecycle policy document: ECR's JSON, or the same document written as YAML. JSON text is
 * checked as ECR checks the text it is given (length, syntax, repeated keys); YAML as a document.
 */
record PolicyDocument(String text, JsonNode document, boolean json) {

  /**
   * Whether a document is a bare policy: an object with {@code rules} and no {@code kind}, or, in
   * JSON, ECR's own format, any object that is not a Kubernetes manifest (neither {@code kind} nor
   * {@code apiVersion}), so that one without {@code rules} gets ECR's answer that they are missing.
   */
  static boolean isPolicy(JsonNode document, boolean json) {
    return document.isObject()
        && !document.has("kind")
        && (document.has("rules") || json && !document.has("apiVersion"));
  }

  List<PolicyProblem> problems() {
    return json ? PolicyValidator.validate(text) : PolicyValidator.validate(document);
  }

  /** The policy; throws {@link dev.operators.ecr.policy.InvalidPolicyException} when invalid. */
  LifecyclePolicy policy() {
    return json ? LifecyclePolicy.parse(text) : LifecyclePolicy.of(document);
  }
}
