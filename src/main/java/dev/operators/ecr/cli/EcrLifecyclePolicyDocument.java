package dev.operators.ecr.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.policy.PolicyValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an EcrLifecyclePolicy document as the operator would: refusing what the API server would
 * not store ({@link StrictDocument}), then checking its rules as ECR does, with paths in the
 * resource such as {@code spec.rules[0].selection.countUnit}. Whether it is one of several defaults
 * is for the {@link Manifest} to say, which sees the whole file.
 */
final class EcrLifecyclePolicyDocument {
  static final String KIND = HasMetadata.getKind(EcrLifecyclePolicy.class);

  /** The target of a policy annotated as the cluster default; others have none. */
  static final String DEFAULT = "default";

  // As the operator turns the spec into a policy document: absent fields stay absent.
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private EcrLifecyclePolicyDocument() {}

  static Resource read(JsonNode document, int number) {
    JsonNode metadata = document.path("metadata");
    // Cluster-scoped: the name alone is what repositories reference.
    String name =
        metadata.path("name").isTextual() ? metadata.path("name").asText() : "document " + number;
    String target = isDefault(metadata) ? DEFAULT : null;
    List<String> problems = new ArrayList<>();
    // An unquoted true for the default annotation is refused there, as the API server refuses it.
    EcrLifecyclePolicy resource = StrictDocument.read(document, EcrLifecyclePolicy.class, problems);
    if (resource == null) {
      return new Resource(KIND, name, target, problems, null, null);
    }
    PolicyValidator.validate(JSON.valueToTree(resource.getSpec())).stream()
        .map(EcrLifecyclePolicyDocument::problem)
        .forEach(problems::add);
    // What the operator sends to ECR for every repository using it, read back.
    LifecyclePolicy policy =
        problems.isEmpty()
            ? LifecyclePolicy.parse(DesiredState.sharedCanonical(resource).ecrJson())
            : null;
    return new Resource(KIND, name, target, problems, policy, null);
  }

  // As EcrLifecyclePolicy#isDefault reads the annotation.
  private static boolean isDefault(JsonNode metadata) {
    JsonNode value = metadata.path("annotations").path(EcrLifecyclePolicy.DEFAULT_ANNOTATION);
    return value.isTextual() && value.textValue().equalsIgnoreCase("true");
  }

  private static String problem(PolicyProblem problem) {
    String path = problem.path();
    boolean root = path == null || path.isEmpty() || "$".equals(path);
    return (root ? "spec" : "spec." + path) + ": " + problem.message();
  }
}
