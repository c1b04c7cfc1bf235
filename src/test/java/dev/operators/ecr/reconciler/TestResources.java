package dev.operators.ecr.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.LifecyclePolicySpec;
import dev.operators.ecr.desired.PolicyCatalog;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/**
 * Resources written in one line, so that a test case reads as a table row.
 *
 * <p>A spec is lenient JSON: field names unquoted, strings in double or single quotes (single
 * quotes leave room for JSON text inside a string). {@code KEEP_ONE} in it stands for a lifecycle
 * policy that keeps one untagged image, as an object or inside a string.
 */
final class TestResources {
  static final String NAMESPACE = "team";
  static final String NAME = "api";
  static final long GENERATION = 3;

  /** A lifecycle policy keeping one untagged image, as ECR's JSON. */
  static final String KEEP_ONE =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}}]}";

  /** Rules ECR refuses: an age without its unit. */
  private static final String NO_COUNT_UNIT =
      "{rules: [{rulePriority: 1, selection: {tagStatus: 'untagged',"
          + " countType: 'sinceImagePushed', countNumber: 7}, action: {type: 'expire'}}]}";

  private static final JsonMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .build();

  private TestResources() {}

  /** The EcrRepository team/api at generation 3 with this spec, and no status. */
  static EcrRepository repository(String spec) {
    EcrRepository resource = new EcrRepository();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(NAMESPACE)
            .withName(NAME)
            .withGeneration(GENERATION)
            .build());
    resource.setSpec(read(spec, EcrRepositorySpec.class));
    resource.setStatus(null);
    return resource;
  }

  /**
   * Shared policies, one a word: the name, then {@code *} when it is annotated as the default and
   * {@code !} when its rules are invalid; otherwise its rules are {@link #KEEP_ONE}. Null or blank
   * for none.
   */
  static PolicyCatalog catalog(String cell) {
    return PolicyCatalog.of(words(cell).stream().map(TestResources::shared).toList());
  }

  /** One shared policy written as a word of {@link #catalog}. */
  static EcrLifecyclePolicy shared(String word) {
    String name = word.replaceAll("[*!]", "");
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name);
    if (word.contains("*")) {
      meta.addToAnnotations(EcrLifecyclePolicy.DEFAULT_ANNOTATION, "true");
    }
    EcrLifecyclePolicy policy = new EcrLifecyclePolicy();
    policy.setMetadata(meta.build());
    policy.setSpec(read(word.contains("!") ? NO_COUNT_UNIT : KEEP_ONE, LifecyclePolicySpec.class));
    return policy;
  }

  /** The words of a table cell; none for an empty cell. */
  static List<String> words(String cell) {
    return cell == null || cell.isBlank() ? List.of() : List.of(cell.trim().split("\\s+"));
  }

  /** Reads lenient JSON into {@code type}; {@code KEEP_ONE} stands for that policy. */
  static <T> T read(String json, Class<T> type) {
    try {
      return LENIENT.readValue(json.replace("KEEP_ONE", KEEP_ONE), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + json, e);
    }
  }
}
