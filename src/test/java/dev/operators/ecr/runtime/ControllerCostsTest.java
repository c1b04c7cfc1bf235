package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.lang.reflect.Field;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the controllers are registered with, where it decides what each resource costs. */
class ControllerCostsTest {

  private EcrEmulator ecr;
  private SdkEcrPort port;
  private KubernetesClient client;
  private EcrOperator operator;

  /** Registered only, never started: the client points at a port nothing listens on. */
  @BeforeEach
  void register() {
    ecr = new EcrEmulator().start();
    port = EmulatorClients.port(ecr);
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
            .build();
    operator =
        EcrOperator.create(
            client, port, RuntimeFixtures.settings().build(), Clock.systemUTC(), () -> {});
  }

  @AfterEach
  void close() {
    operator.close();
    client.close();
    port.close();
    ecr.close();
  }

  @Test
  void repositoriesShareOneRateLimitStateAndSharedPoliciesKeepTheirLimit() {
    var repositories =
        operator.controllerOf(EcrRepository.class).getConfiguration().getRateLimiter();
    assertInstanceOf(NoRateLimit.class, repositories);
    // JOSDK's default would give each of 10,000 repositories a state of its own.
    assertSame(repositories.initState(), repositories.initState());

    var policies =
        operator.controllerOf(EcrLifecyclePolicy.class).getConfiguration().getRateLimiter();
    assertInstanceOf(LinearRateLimiter.class, policies);
  }

  @Test
  void theAccessAndNamespaceInformersKeepNoIndexPerRepository() throws Exception {
    Map<Class<?>, Object> indexes = new HashMap<>();
    for (var source :
        operator
            .controllerOf(EcrRepository.class)
            .getControllerHealthInfo()
            .eventSourceHealthIndicators()
            .values()) {
      if (source instanceof InformerEventSource<?, ?> informer) {
        Field index = InformerEventSource.class.getDeclaredField("primaryToSecondaryIndex");
        index.setAccessible(true);
        indexes.put(informer.resourceType(), index.get(informer));
      }
    }
    // JOSDK builds a set per repository (DefaultPrimaryToSecondaryIndex) unless the informer is
    // given a mapper from the repository to its secondaries.
    for (Class<?> kind : List.of(EcrAccess.class, Namespace.class)) {
      assertTrue(indexes.containsKey(kind), "no informer of " + kind + ": " + indexes.keySet());
      assertEquals(
          "NOOPPrimaryToSecondaryIndex",
          indexes.get(kind).getClass().getSimpleName(),
          "the index the " + kind.getSimpleName() + " informer keeps");
    }
  }
}
