package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The checks ECR makes of a permissions policy (a repository's or the registry's) before it stores
 * one, and the layout it stores it in (docs/ecr-semantics.md §3.12). Reusable by any operation that
 * takes a policy text.
 */
final class PermissionPolicies {
  /** The model's limit on a repository policy and on a registry policy alike. */
  static final int MAX_POLICY_LENGTH = 10240;

  static final String INVALID_REPOSITORY_POLICY = "Invalid repository policy provided";

  /**
   * [INFERRED] ECR's wording for a refused registry policy is not documented: this one follows its
   * wording for a repository policy.
   */
  static final String INVALID_REGISTRY_POLICY = "Invalid registry policy provided";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The layout ECR gives a policy it stores: two-space indents, {@code " : "} between name and
   * value, arrays on one line (AWS CLI examples of get- and set-repository-policy).
   */
  private static final ObjectWriter LAYOUT =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private PermissionPolicies() {}

  /**
   * The policy in ECR's stored layout, or InvalidParameterException with {@code invalidMessage}
   * when ECR refuses it.
   */
  static String checked(String text, String invalidMessage) {
    return parse(text)
        .map(PermissionPolicies::inLayout)
        .orElseThrow(() -> EcrError.invalidParameter("PolicyText", invalidMessage));
  }

  /**
   * The policy when ECR accepts it: at most {@value #MAX_POLICY_LENGTH} characters of JSON, an
   * object with a {@code Statement} (one statement or a list of them), each statement an object
   * naming whom it applies to ({@code Principal} or {@code NotPrincipal}) and what ({@code Action}
   * or {@code NotAction}), as IAM's grammar for resource-based policies asks. [INFERRED] An empty
   * list of statements has nothing to refuse and is accepted; the rest of IAM's grammar is not
   * checked.
   */
  static Optional<JsonNode> parse(String text) {
    if (text.length() > MAX_POLICY_LENGTH) {
      return Optional.empty();
    }
    JsonNode policy;
    try {
      policy = MAPPER.readTree(text);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    if (!(policy instanceof ObjectNode)) {
      return Optional.empty();
    }
    JsonNode statement = policy.get("Statement");
    if (statement == null || !(statement.isObject() || statement.isArray())) {
      return Optional.empty();
    }
    for (JsonNode each : statement.isArray() ? statement : List.of(statement)) {
      if (!each.isObject()
          || !(each.has("Principal") || each.has("NotPrincipal"))
          || !(each.has("Action") || each.has("NotAction"))) {
        return Optional.empty();
      }
    }
    return Optional.of(policy);
  }

  static String inLayout(JsonNode policy) {
    try {
      return LAYOUT.writeValueAsString(policy);
    } catch (JacksonException e) {
      throw new IllegalStateException("a parsed policy is always writable", e);
    }
  }
}
