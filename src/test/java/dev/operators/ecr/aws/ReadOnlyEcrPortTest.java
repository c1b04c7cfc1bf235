package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The port a paused resource's pass goes through: every read reaches ECR, nothing that changes ECR
 * does, found by reflection so that a method added to the port is checked without this test being
 * edited.
 */
class ReadOnlyEcrPortTest {
  private final PortMethods.Recording next = new PortMethods.Recording();
  private final EcrPort readOnly = new ReadOnlyEcrPort(next.port());

  @Test
  void everyReadIsForwardedAndEveryWriteWithheld() {
    Set<EcrOperation> forwarded = EnumSet.noneOf(EcrOperation.class);
    Set<EcrOperation> withheld = EnumSet.noneOf(EcrOperation.class);
    EcrOperation[] seen = new EcrOperation[1];
    // Finds each method's operation as the forwarding base names it.
    EcrPort naming =
        new EcrPort.Forwarding(next.port()) {
          @Override
          protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
            seen[0] = operation;
            return call.get();
          }
        };
    for (Method method : PortMethods.all()) {
      PortMethods.call(naming, method);
      EcrOperation operation = seen[0];
      next.calls.clear();

      Object answer;
      if (method.getName().equals("createRepository")) {
        WriteWithheldException e =
            assertThrows(WriteWithheldException.class, () -> PortMethods.call(readOnly, method));
        assertEquals(EcrOperation.CREATE_REPOSITORY, e.operation());
        answer = null;
      } else {
        answer = PortMethods.call(readOnly, method);
      }

      String where = "EcrPort." + method.getName() + " (" + operation + ")";
      if (next.calls.isEmpty()) {
        withheld.add(operation);
        // A withheld call answers as if it had done what it was asked.
        if (method.getReturnType() == boolean.class) {
          assertEquals(true, answer, where);
        } else if (method.getReturnType() == Map.class) {
          assertEquals(Map.of(), answer, where);
        } else if (method.getReturnType() == Optional.class) {
          assertEquals(Optional.empty(), answer, where);
        }
      } else {
        forwarded.add(operation);
        assertEquals(1, next.calls.size(), where);
      }
    }

    Set<EcrOperation> writes = EnumSet.noneOf(EcrOperation.class);
    for (EcrOperation operation : EcrOperation.values()) {
      if (operation.changesEcr()) {
        writes.add(operation);
      }
    }
    // A preview is not read either: a paused pass computes none.
    Set<EcrOperation> notRead = EnumSet.copyOf(writes);
    notRead.add(EcrOperation.GET_LIFECYCLE_POLICY_PREVIEW);
    assertEquals(notRead, withheld);
    assertEquals(EnumSet.complementOf(EnumSet.copyOf(notRead)), forwarded);
  }

  @Test
  void onlyDescribeGetListAndValidateRead() {
    // Describe, Get, List and Validate read; a preview and an image's manifest (a pull, recorded
    // by ECR) change what ECR keeps.
    for (EcrOperation operation : EcrOperation.values()) {
      boolean reads =
          List.of("Describe", "Get", "List", "Validate").stream()
              .anyMatch(operation.apiName()::startsWith);
      assertEquals(!reads, operation.changesEcr(), operation.apiName());
    }
    assertTrue(EcrOperation.BATCH_GET_IMAGE.changesEcr());
    assertTrue(EcrOperation.START_LIFECYCLE_POLICY_PREVIEW.changesEcr());
    assertFalse(EcrOperation.VALIDATE_PULL_THROUGH_CACHE_RULE.changesEcr());
  }
}
