package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link EcrPort.Forwarding}, the decorators' one forwarding base: every port method, found by
 * reflection, reaches the next port through the hook, under its ECR operation and region.
 */
class ForwardingEcrPortTest {
  private final PortMethods.Recording next = new PortMethods.Recording();

  /** What the hook saw: the operation and region of each call, and whether it came before it. */
  private final List<String> hooked = new ArrayList<>();

  private final EcrPort port =
      new EcrPort.Forwarding(next.port()) {
        @Override
        protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
          hooked.add(operation.apiName() + " in " + region + ", made: " + !next.calls.isEmpty());
          T answer = call.get();
          assertEquals(1, next.calls.size(), "the call is made inside the hook");
          return answer;
        }
      };

  @Test
  void everyMethodGoesThroughTheHookOnceUnderItsOperationAndRegion() {
    PortMethods.callEach(
        port,
        next,
        method -> {
          assertEquals(
              List.of(
                  PortMethods.operation(method) + " in " + PortMethods.REGION + ", made: false"),
              hooked,
              "EcrPort." + method.getName());
          hooked.clear();
        });
  }

  @Test
  void everyOperationIsMadeBySomeMethod() {
    Set<EcrOperation> made = EnumSet.noneOf(EcrOperation.class);
    EcrPort seeing =
        new EcrPort.Forwarding(next.port()) {
          @Override
          protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
            made.add(operation);
            return call.get();
          }
        };
    PortMethods.all().forEach(method -> PortMethods.call(seeing, method));

    assertEquals(EnumSet.allOf(EcrOperation.class), made);
  }

  @Test
  void batchingPassesEveryCallThroughAndDescribesOneRepositoryAsItWasAsked() {
    try (BatchingEcrPort batching = new BatchingEcrPort(next.port())) {
      PortMethods.callEach(batching, next, method -> {});
    }
  }
}
