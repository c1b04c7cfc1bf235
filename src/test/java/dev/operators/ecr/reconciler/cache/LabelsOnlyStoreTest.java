package dev.operators.ecr.reconciler.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsOnlyStoreTest {

  @Test
  void aNamespaceIsKeptWithItsNameAndLabelsOnly() {
    LabelsOnlyStore<Namespace> store = new LabelsOnlyStore<>(Namespace::new);
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("team-a")
            .withUid("u-1")
            .withResourceVersion("7")
            .withLabels(Map.of("team", "a"))
            .withAnnotations(Map.of("note", "x".repeat(1000)))
            .endMetadata()
            .withNewSpec()
            .withFinalizers("kubernetes")
            .endSpec()
            .withNewStatus()
            .withPhase("Active")
            .endStatus()
            .build();

    store.put(store.getKey(namespace), namespace);

    Namespace kept = store.get("team-a");
    assertEquals("team-a", kept.getMetadata().getName());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertEquals(Map.of("team", "a"), kept.getMetadata().getLabels());
    assertEquals(Map.of(), kept.getMetadata().getAnnotations());
    assertNull(kept.getSpec());
    assertNull(kept.getStatus());
  }
}
