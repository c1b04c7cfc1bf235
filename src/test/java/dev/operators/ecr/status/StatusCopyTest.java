package dev.operators.ecr.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.AccessStatus;
import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.api.ResourceStatus;
import dev.operators.ecr.api.StorageClassUsage;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A status is copied whole: a field added to the status is never dropped by a status builder. */
class StatusCopyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A value for each type of field the status has; a field of a new type fails here first. */
  private static final Map<Class<?>, Object> SAMPLES =
      Map.of(
          String.class,
          "x",
          Long.class,
          7L,
          List.class,
          List.of("a"),
          AppliedLifecyclePolicy.class,
          new AppliedLifecyclePolicy("ref", "n", "sha256:abc", "t"),
          LifecyclePreviewStatus.class,
          new LifecyclePreviewStatus("sha256:abc", 1L, 2L, "t"),
          DriftCorrection.class,
          new DriftCorrection("t", List.of("tags")),
          RepositoryStorageStatus.class,
          new RepositoryStorageStatus(
              new StorageClassUsage(3L, 300L), new StorageClassUsage(1L, 50L), "t"),
          ProtectionStatus.class,
          protection(),
          AccessStatus.class,
          new AccessStatus("team-a", "arn:aws:iam::111122223333:role/ecr", null));

  private static ProtectionStatus protection() {
    ProtectionStatus protection = new ProtectionStatus();
    protection.setProtectedImages(2L);
    protection.setInGrace(1L);
    protection.setKeptByPolicy(0L);
    protection.setTagPrefix("ecr-operator.keep.default.");
    protection.setLastChange("t");
    protection.setProblems(List.of("p"));
    return protection;
  }

  @Test
  void everyFieldIsCopied() throws ReflectiveOperationException {
    List<Field> fields =
        Stream.concat(
                Stream.of(ResourceStatus.class.getDeclaredFields()),
                Stream.of(EcrRepositoryStatus.class.getDeclaredFields()))
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .toList();
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    for (Field field : fields) {
      Object sample = SAMPLES.get(field.getType());
      assertNotNull(sample, "no sample value for " + field.getName() + " of " + field.getType());
      if (field.getName().equals("conditions")) {
        sample = List.<Condition>of(new ConditionBuilder().withType("Ready").build());
      }
      field.setAccessible(true);
      field.set(status, sample);
    }

    EcrRepositoryStatus copy = StatusFactory.copy(status);

    for (Field field : fields) {
      assertEquals(
          JSON.valueToTree(field.get(status)), JSON.valueToTree(field.get(copy)), field.getName());
    }
  }

  @Test
  void noStatusCopiesAsAnEmptyOne() {
    assertEquals(
        JSON.valueToTree(new EcrRepositoryStatus()), JSON.valueToTree(StatusFactory.copy(null)));
  }
}
