package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-region clients' connection pool is as large as it is set, no larger. */
class EcrClientsTest {
  private static final Duration LATENCY = Duration.ofMillis(200);

  @Test
  void callsBeyondThePoolWaitForAConnection() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try (EcrEmulator emulator = new EcrEmulator().start();
        SdkEcrPort port =
            new SdkEcrPort(
                EmulatorClients.clients(emulator.endpoint()).maxConnections(2).build())) {
      port.describeRepository(new RepositoryRef("eu-west-1", "warm-up"));
      emulator.faults(FaultPlan.builder().latency(LATENCY, Duration.ZERO).build());

      long start = System.nanoTime();
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        RepositoryRef ref = new RepositoryRef("eu-west-1", "repo-" + i);
        calls.add(CompletableFuture.runAsync(() -> port.describeRepository(ref), callers));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // Four calls over two connections: two rounds of the emulator's latency at least.
      assertTrue(took.compareTo(LATENCY.multipliedBy(2)) >= 0, took.toString());
      assertEquals(5, emulator.callCount("DescribeRepositories"));
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void thePoolHoldsOneConnectionPerReconcileThreadAndOneForTheBatcher() {
    OperatorSettings settings = OperatorSettings.builder().reconcileThreads(7).build();

    assertEquals(8, settings.ecrConnectionsPerRegion());
    assertThrows(IllegalArgumentException.class, () -> EcrClients.builder().maxConnections(0));
  }
}
