package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What the controllers are registered with, where it decides what each resource costs. */
class ControllerCostsTest {

  @Test
  void repositoriesShareOneRateLimitStateAndSharedPoliciesKeepTheirLimit() throws Exception {
    // Registered only, never started: the client points at a port nothing listens on.
    try (EcrEmulator ecr = new EcrEmulator().start();
        SdkEcrPort port = EmulatorClients.port(ecr);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build();
        EcrOperator operator =
            EcrOperator.create(
                client, port, RuntimeFixtures.settings().build(), Clock.systemUTC(), () -> {})) {
      var repositories = operator.controllerOf(EcrRepository.class).getRateLimiter();
      assertInstanceOf(NoRateLimit.class, repositories);
      // JOSDK's default would give each of 10,000 repositories a state of its own.
      assertSame(repositories.initState(), repositories.initState());

      var policies = operator.controllerOf(EcrLifecyclePolicy.class).getRateLimiter();
      assertInstanceOf(LinearRateLimiter.class, policies);
    }
  }
}
