package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JOSDK's own event processing over this pool: queued reconciles hold names, run ones all. */
class NameOnlyReconcileQueueTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final NameOnlyReconcileQueue queue = new NameOnlyReconcileQueue(1);
  private final HeldReconciler reconciler = new HeldReconciler();
  private LocalKubernetesApi api;
  private KubernetesClient client;
  private Operator operator;

  @BeforeEach
  void start() {
    api = LocalKubernetesApi.start(0);
    client = api.newClient();
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(1)
                    .withExecutorService(queue));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    reconciler.release.countDown();
    operator.stop();
    client.close();
    api.close();
  }

  @Test
  void worksWithTheJosdkThisProjectBuildsWith() {
    assertTrue(queue.effective(), "JOSDK's queued reconcile or its execution scope changed");
  }

  @Test
  void aQueuedReconcileHoldsTheNameAndTheReconcilerGetsTheWholeResource() {
    for (String name : List.of("first", "second", "third")) {
      client.resource(repository(name)).create();
    }
    // One reconcile runs and waits; JOSDK queues the other two behind it on the one thread.
    Awaitility.await().atMost(DEADLINE).until(() -> queue.getQueue().size() == 2);

    List<HasMetadata> queued = queuedResources();
    assertEquals(2, queued.size());
    for (HasMetadata resource : queued) {
      EcrRepository held = (EcrRepository) resource;
      assertNotNull(held.getMetadata().getName());
      assertEquals("team", held.getMetadata().getNamespace());
      assertNull(held.getSpec(), "a queued reconcile still holds the spec");
      assertNull(held.getMetadata().getResourceVersion());
    }

    reconciler.release.countDown();
    Awaitility.await().atMost(DEADLINE).until(() -> reconciler.seen.size() == 3);
    assertEquals(
        Map.of("first", "team/first", "second", "team/second", "third", "team/third"),
        reconciler.seen);
    assertTrue(queue.slimmed() >= 2, "slimmed: " + queue.slimmed());
  }

  private List<HasMetadata> queuedResources() {
    return queue.getQueue().stream()
        .map(NameOnlyReconcileQueueTest::resourceOf)
        .collect(Collectors.toList());
  }

  // Reads JOSDK's queued reconcile as the pool does, to see what it holds.
  private static HasMetadata resourceOf(Runnable reconcile) {
    try {
      var scopeField = reconcile.getClass().getDeclaredField("executionScope");
      scopeField.setAccessible(true);
      Object scope = scopeField.get(reconcile);
      var resourceField = scope.getClass().getDeclaredField("resource");
      resourceField.setAccessible(true);
      return (HasMetadata) resourceField.get(scope);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static EcrRepository repository(String name) {
    EcrRepository repository = new EcrRepository();
    repository.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName(name).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName("team/" + name);
    repository.setSpec(spec);
    return repository;
  }

  /** Records the spec each reconcile got; the first waits until released. */
  @ControllerConfiguration(name = "held")
  static final class HeldReconciler implements Reconciler<EcrRepository> {
    final CountDownLatch release = new CountDownLatch(1);
    final Map<String, String> seen = new ConcurrentHashMap<>();

    @Override
    public UpdateControl<EcrRepository> reconcile(
        EcrRepository resource, Context<EcrRepository> context) throws InterruptedException {
      release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      seen.put(resource.getMetadata().getName(), resource.getSpec().getRepositoryName());
      return UpdateControl.noUpdate();
    }
  }
}
