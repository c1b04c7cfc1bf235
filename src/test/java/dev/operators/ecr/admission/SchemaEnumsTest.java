package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.policy.ActionType;
import dev.operators.ecr.policy.CountType;
import dev.operators.ecr.policy.StorageClass;
import dev.operators.ecr.policy.TagStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The values the enums of the EcrRepository CRD's lifecycle policy allow are exactly those the
 * operator's policy validator accepts (an EcrLifecyclePolicy has the same schema).
 */
class SchemaEnumsTest {
  private static final JsonNode RULE =
      Crd.generated(HasMetadata.getKind(EcrRepository.class))
          .openApiV3Schema()
          .at("/properties/spec/properties/lifecyclePolicy/properties/rules/items/properties");

  @Test
  void selectionEnums() {
    assertEnum("/selection/properties/tagStatus", TagStatus.values(), TagStatus::jsonName);
    assertEnum("/selection/properties/countType", CountType.values(), CountType::jsonName);
    assertEnum("/selection/properties/storageClass", StorageClass.values(), StorageClass::jsonName);
    assertEquals(Set.of("days"), values("/selection/properties/countUnit"));
  }

  @Test
  void actionEnums() {
    assertEnum("/action/properties/type", ActionType.values(), ActionType::jsonName);
    assertEquals(
        Set.of(StorageClass.ARCHIVE.jsonName()), values("/action/properties/targetStorageClass"));
  }

  private static <E> void assertEnum(String pointer, E[] constants, Function<E, String> jsonName) {
    assertEquals(
        new TreeSet<>(Stream.of(constants).map(jsonName).toList()), values(pointer), pointer);
  }

  private static Set<String> values(String pointer) {
    Set<String> values = new TreeSet<>();
    RULE.at(pointer).path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }
}
