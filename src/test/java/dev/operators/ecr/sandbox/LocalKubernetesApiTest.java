package dev.operators.ecr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local API server refuses a status write based on an outdated object, as a cluster does. */
class LocalKubernetesApiTest {
  private LocalKubernetesApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = LocalKubernetesApi.start(0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void aStatusWriteBasedOnAnOutdatedResourceVersionIsAConflict() {
    EcrRepository read = create("stale");
    // Someone else changes the object after it was read: its resourceVersion moves on.
    EcrRepository labelled = resource("stale").edit(r -> label(r, "team", "web"));
    assertNotEquals(
        read.getMetadata().getResourceVersion(), labelled.getMetadata().getResourceVersion());

    read.setStatus(status(1L));
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> client.resource(read).updateStatus());

    assertEquals(409, e.getCode());
    assertEquals("Conflict", e.getStatus().getReason());
    assertEquals(1, api.statusConflicts());
    EcrRepository stored = resource("stale").get();
    assertNull(stored.getStatus(), "the refused status is not stored");
    assertEquals(
        labelled.getMetadata().getResourceVersion(), stored.getMetadata().getResourceVersion());
  }

  @Test
  void aStatusWriteBasedOnTheStoredResourceVersionIsApplied() {
    EcrRepository read = create("current");
    resource("current").edit(r -> label(r, "team", "web"));
    EcrRepository fresh = resource("current").get();

    fresh.setStatus(status(1L));
    EcrRepository written = client.resource(fresh).updateStatus();

    assertEquals(1L, written.getStatus().getObservedGeneration());
    assertEquals(1L, resource("current").get().getStatus().getObservedGeneration());
    assertEquals("web", written.getMetadata().getLabels().get("team"));
    assertNotEquals(
        read.getMetadata().getResourceVersion(), written.getMetadata().getResourceVersion());
    assertEquals(0, api.statusConflicts());
  }

  private EcrRepository create(String name) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName("team/" + name);
    r.setSpec(spec);
    return client.resource(r).create();
  }

  private Resource<EcrRepository> resource(String name) {
    return client.resources(EcrRepository.class).inNamespace("default").withName(name);
  }

  private static EcrRepository label(EcrRepository r, String key, String value) {
    Map<String, String> labels = new HashMap<>();
    if (r.getMetadata().getLabels() != null) {
      labels.putAll(r.getMetadata().getLabels());
    }
    labels.put(key, value);
    r.getMetadata().setLabels(labels);
    return r;
  }

  private static EcrRepositoryStatus status(Long observedGeneration) {
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    status.setObservedGeneration(observedGeneration);
    return status;
  }
}
