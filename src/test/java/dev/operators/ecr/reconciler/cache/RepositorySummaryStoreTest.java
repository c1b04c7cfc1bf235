package dev.operators.ecr.reconciler.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePolicyRef;
import dev.operators.ecr.reconciler.SharedPolicies;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.StatusFactory;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositorySummaryStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  private static EcrRepository repository(long generation, boolean ready) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team")
            .withName("api")
            .withUid("uid-1")
            .withResourceVersion("42")
            .withGeneration(generation)
            .withLabels(Map.of("app", "api"))
            .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{...}"))
            .withManagedFields(List.of(new ManagedFieldsEntry()))
            .build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName("team/api");
    spec.setLifecyclePolicyRef(new LifecyclePolicyRef("keep-one"));
    spec.setTags(Map.of("team", "payments"));
    r.setSpec(spec);
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    status.setObservedGeneration(1L);
    status.setRepositoryArn("arn:aws:ecr:eu-west-1:123456789012:repository/team/api");
    status.setLifecyclePolicy(new AppliedLifecyclePolicy("ref", "keep-one", "sha256:abc", null));
    status.setConditions(
        Conditions.set(
            Conditions.set(List.of(), Conditions.READY, ready, "Synced", "long message", 1L, T0),
            Conditions.STALLED,
            false,
            "Synced",
            "long message",
            1L,
            T0));
    r.setStatus(status);
    return r;
  }

  @Test
  void keepsWhatThePolicyControllerReadsAndDropsTheRest() {
    RepositorySummaryStore store = new RepositorySummaryStore(new KubernetesSerialization());
    EcrRepository full = repository(1, true);

    store.put(store.getKey(full), full);
    EcrRepository kept = store.get("team/api");

    assertEquals("api", kept.getMetadata().getName());
    assertEquals("42", kept.getMetadata().getResourceVersion());
    assertEquals("keep-one", kept.getSpec().getLifecyclePolicyRef().getName());
    assertTrue(SharedPolicies.references(kept, "keep-one"));
    assertEquals("sha256:abc", kept.getStatus().getLifecyclePolicy().getDigest());
    assertEquals(
        full.getStatus().getLifecyclePolicy().getVersion(),
        kept.getStatus().getLifecyclePolicy().getVersion());
    assertTrue(StatusFactory.isReady(kept));
    assertNull(kept.getSpec().getRepositoryName());
    assertNull(kept.getStatus().getRepositoryArn());
    assertTrue(kept.getMetadata().getManagedFields().isEmpty());
    assertTrue(kept.getMetadata().getAnnotations().isEmpty());
    assertEquals(1, kept.getStatus().getConditions().size());
    assertNull(kept.getStatus().getConditions().get(0).getMessage());
  }

  @Test
  void aRepositoryNotReadyAtItsGenerationStaysNotReady() {
    RepositorySummaryStore store = new RepositorySummaryStore(new KubernetesSerialization());
    store.put("team/api", repository(2, true));
    assertFalse(StatusFactory.isReady(store.get("team/api")));
    store.put("team/api", repository(1, false));
    assertFalse(StatusFactory.isReady(store.get("team/api")));
    assertEquals(1, store.size());
    store.remove("team/api");
    assertEquals(0, store.size());
  }
}
