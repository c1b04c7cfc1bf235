package dev.operators.ecr.reconciler.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmedStoreTest {

  @Test
  void keepsEverythingButManagedFieldsAndTheLastAppliedCopy() {
    EcrLifecyclePolicy policy = new EcrLifecyclePolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName("org-default")
            .withResourceVersion("7")
            .withFinalizers("ecr.operators.dev/finalizer")
            .withLabels(Map.of("team", "platform"))
            .withAnnotations(
                Map.of(
                    TrimmedStore.LAST_APPLIED,
                    "{\"spec\":{}}",
                    "ecr.operators.dev/is-default-policy",
                    "true"))
            .withManagedFields(List.of(new ManagedFieldsEntry(), new ManagedFieldsEntry()))
            .build());

    TrimmedStore<EcrLifecyclePolicy> store = new TrimmedStore<>();
    store.put(store.getKey(policy), policy);
    EcrLifecyclePolicy kept = store.get("org-default");

    assertNull(kept.getMetadata().getManagedFields());
    assertEquals(
        Map.of("ecr.operators.dev/is-default-policy", "true"), kept.getMetadata().getAnnotations());
    assertEquals(Map.of("team", "platform"), kept.getMetadata().getLabels());
    assertEquals(List.of("ecr.operators.dev/finalizer"), kept.getMetadata().getFinalizers());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertEquals(true, kept.isDefault());
  }

  @Test
  void anObjectWithoutEitherIsKeptAsItIs() {
    EcrRepository repository = new EcrRepository();
    repository.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("api").build());
    repository.setSpec(new EcrRepositorySpec());

    TrimmedStore<EcrRepository> store = new TrimmedStore<>();
    store.put(store.getKey(repository), repository);

    assertEquals(repository, store.get("team/api"));
    assertEquals(1, store.size());
    assertEquals(List.of("team/api"), store.keySet().toList());
  }
}
