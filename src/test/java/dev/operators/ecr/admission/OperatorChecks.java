package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredAccess;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.desired.DesiredRegistry;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.SpecProblem;
import dev.operators.ecr.desired.StalledException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's own check of each kind, the one its reconciler makes before any ECR call: the
 * second verdict the admission corpus compares with admission's.
 *
 * <p>To add a kind to the corpus: one entry in {@link #BY_KIND}, then good and bad documents of the
 * kind under {@code admission/good} and {@code admission/bad}, named after it. AdmissionCorpusTest
 * fails until the kind has both and its CRD's every CEL rule is broken by one of the bad ones.
 */
final class OperatorChecks {
  // As stored: the API server prunes the fields its schema does not declare.
  private static final ObjectMapper STORED =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Map<String, Function<JsonNode, List<String>>> BY_KIND =
      Map.of(
          HasMetadata.getKind(EcrRepository.class),
          reading(EcrRepository.class, r -> texts(DesiredState.check(r))),
          HasMetadata.getKind(EcrPullThroughCacheRule.class),
          reading(EcrPullThroughCacheRule.class, r -> texts(DesiredPullThroughCacheRule.check(r))),
          HasMetadata.getKind(EcrLifecyclePolicy.class),
          reading(EcrLifecyclePolicy.class, OperatorChecks::sharedPolicy),
          HasMetadata.getKind(EcrRegistry.class),
          reading(EcrRegistry.class, r -> texts(DesiredRegistry.check(r))),
          HasMetadata.getKind(EcrRepositoryCreationTemplate.class),
          reading(
              EcrRepositoryCreationTemplate.class,
              r -> texts(DesiredRepositoryCreationTemplate.check(r))),
          HasMetadata.getKind(EcrAccess.class),
          reading(EcrAccess.class, r -> texts(DesiredAccess.check(r))));

  private OperatorChecks() {}

  static boolean covers(String kind) {
    return BY_KIND.containsKey(kind);
  }

  /** What the operator says about {@code object}, as it would read it: empty when nothing. */
  static List<String> problems(JsonNode object) {
    String kind = object.path("kind").asText();
    Function<JsonNode, List<String>> check = BY_KIND.get(kind);
    if (check == null) {
      throw new AssertionError(
          "no operator check for kind <" + kind + ">: add one to OperatorChecks.BY_KIND");
    }
    return check.apply(object);
  }

  private static <T> Function<JsonNode, List<String>> reading(
      Class<T> type, Function<T, List<String>> check) {
    return object -> {
      T resource;
      try {
        resource = STORED.convertValue(object, type);
      } catch (IllegalArgumentException e) {
        return List.of("cannot read the resource: " + e.getMessage());
      }
      return check.apply(resource);
    };
  }

  private static List<String> texts(List<SpecProblem> problems) {
    return problems.stream().map(SpecProblem::toString).toList();
  }

  // A shared policy has no list of problems: the reconciler stalls on the first it meets.
  private static List<String> sharedPolicy(EcrLifecyclePolicy policy) {
    try {
      DesiredState.sharedCanonical(policy);
      return List.of();
    } catch (StalledException e) {
      return List.of(e.getMessage());
    }
  }
}
