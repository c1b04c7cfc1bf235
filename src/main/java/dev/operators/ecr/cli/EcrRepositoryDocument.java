package dev.operators.ecr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.SpecProblem;
import dev.operators.ecr.policy.LifecyclePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an EcrRepository document as the operator would and checks it as the operator does ({@link
 * DesiredState#check}), after refusing what the API server would not store ({@link
 * StrictDocument}). A {@code lifecyclePolicyRef} is not resolved here: the {@link Manifest} does
 * that, within the file.
 */
final class EcrRepositoryDocument {
  static final String KIND = HasMetadata.getKind(EcrRepository.class);

  private EcrRepositoryDocument() {}

  static Resource read(JsonNode document, int number) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    EcrRepository resource = StrictDocument.read(document, EcrRepository.class, problems);
    if (resource == null) {
      return new Resource(KIND, name, target(document), problems, null, null);
    }
    DesiredState.check(resource).stream().map(SpecProblem::toString).forEach(problems::add);
    EcrRepositorySpec spec = resource.getSpec();
    LifecyclePolicy policy = problems.isEmpty() ? policy(spec) : null;
    String ref =
        problems.isEmpty() && spec != null && spec.getLifecyclePolicyRef() != null
            ? spec.getLifecyclePolicyRef().getName()
            : null;
    return new Resource(KIND, name, target(document), problems, policy, ref);
  }

  // What the operator sends to ECR, read back: previews then evaluate exactly that text.
  private static LifecyclePolicy policy(EcrRepositorySpec spec) {
    DesiredPolicy desired = spec == null ? null : DesiredState.policy(spec);
    return desired == null ? null : LifecyclePolicy.parse(desired.canonical().ecrJson());
  }

  private static String name(JsonNode document, int number) {
    JsonNode metadata = document.path("metadata");
    if (!metadata.path("name").isTextual()) {
      return "document " + number;
    }
    String namespace = metadata.path("namespace").asText("");
    return (namespace.isEmpty() ? "" : namespace + "/") + metadata.path("name").asText();
  }

  private static String target(JsonNode document) {
    JsonNode spec = document.path("spec");
    String repository =
        spec.path("repositoryName").asText(document.path("metadata").path("name").asText("?"));
    String region = spec.path("region").asText("the operator's region");
    return "repository " + repository + " in " + region;
  }
}
