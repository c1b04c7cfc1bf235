package dev.operators.ecr.reconciler.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.runtime.metrics.ResourceState;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerializedStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final SerializedStore<EcrRepository> store =
      SerializedStore.repositories(JSON, ResourceState::keyOf);

  private static EcrRepository repository(String name, String resourceVersion, Boolean ready) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team")
            .withName(name)
            .withResourceVersion(resourceVersion)
            .withGeneration(3L)
            .withFinalizers("ecr.operators.dev/finalizer")
            .withLabels(Map.of("app", name))
            .withAnnotations(Map.of(TrimmedStore.LAST_APPLIED, "{\"spec\":{}}", "note", "kept"))
            .withManagedFields(List.of(new ManagedFieldsEntry()))
            .build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName("team/" + name);
    spec.setTags(Map.of("team", "payments"));
    r.setSpec(spec);
    if (ready != null) {
      EcrRepositoryStatus status = new EcrRepositoryStatus();
      status.setObservedGeneration(3L);
      status.setConditions(
          Conditions.set(List.of(), Conditions.READY, ready, "Synced", "in sync", 3L, T0));
      r.setStatus(status);
    }
    return r;
  }

  @Test
  void givesBackWhatWasStoredButManagedFieldsAndTheLastAppliedCopy() {
    EcrRepository original = repository("api", "42", true);
    EcrRepository expected = repository("api", "42", true);
    expected.getMetadata().setManagedFields(null);
    expected.getMetadata().setAnnotations(Map.of("note", "kept"));

    assertNull(store.put(store.getKey(original), original));

    assertEquals(JSON.asJson(expected), JSON.asJson(store.get("team/api")));
    assertEquals(List.of("team/api"), store.keySet().toList());
    assertEquals(List.of(JSON.asJson(expected)), store.values().map(JSON::asJson).toList());
  }

  @Test
  void namesAndNamespacesAreSharedByEveryCopyTheCacheHandsOut() {
    // As a watch event brings them: strings of their own, equal to others but not the same.
    EcrRepository incoming = repository(new String("api"), "42", true);
    incoming.getMetadata().setNamespace(new String("team"));
    store.put("team/api", incoming);

    EcrRepository first = store.get("team/api");
    EcrRepository second = store.get("team/api");
    assertNotSame(first, second);
    assertSame("api", first.getMetadata().getName());
    assertSame(first.getMetadata().getName(), second.getMetadata().getName());
    assertSame("team", second.getMetadata().getNamespace());
    // The stored object, which the informer hands on to the framework, shares them too.
    assertSame("api", incoming.getMetadata().getName());
    assertSame("team", incoming.getMetadata().getNamespace());
    // The repositories' summaries, a cache of the same kind.
    RepositorySummaryStore summaries = new RepositorySummaryStore(JSON);
    summaries.put("team/api", repository(new String("api"), "42", true));
    assertSame("api", summaries.get("team/api").getMetadata().getName());
  }

  @Test
  void aResourceWithoutMetadataOrNamesIsLeftAsItIs() {
    assertNull(SerializedStore.canonicalNames(null));
    EcrRepository bare = new EcrRepository();
    bare.setMetadata(null);
    assertSame(bare, SerializedStore.canonicalNames(bare));
    EcrRepository unnamed = new EcrRepository();
    assertSame(unnamed, SerializedStore.canonicalNames(unnamed));
    assertNull(unnamed.getMetadata().getName());
  }

  @Test
  void eachReadIsAFreshObjectThatChangesNothingInTheCache() {
    store.put("team/api", repository("api", "42", true));

    EcrRepository read = store.get("team/api");
    read.getSpec().setRepositoryName("changed/by/a/reader");
    read.getMetadata().getFinalizers().clear();

    EcrRepository again = store.get("team/api");
    assertNotSame(read, again);
    assertEquals("team/api", again.getSpec().getRepositoryName());
    assertEquals(List.of("ecr.operators.dev/finalizer"), again.getMetadata().getFinalizers());
  }

  @Test
  void anUpdateReturnsThePreviousVersionAndARemovalTheLast() {
    store.put("team/api", repository("api", "42", null));
    EcrRepository before = store.put("team/api", repository("api", "43", true));
    assertEquals("42", before.getMetadata().getResourceVersion());

    EcrRepository removed = store.remove("team/api");
    assertEquals("43", removed.getMetadata().getResourceVersion());
    assertNull(store.get("team/api"));
    assertNull(store.remove("team/api"));
    assertEquals(0, store.size());
  }

  @Test
  void countsByLabelWithoutDecodingAndFollowsUpdatesAndRemovals() {
    store.put("team/a", repository("a", "1", true));
    store.put("team/b", repository("b", "2", false));
    store.put("team/c", repository("c", "3", null));
    assertEquals(1, store.count("True/None"));
    assertEquals(1, store.count("False/Synced"));
    assertEquals(1, store.count("Unknown/None"));
    assertEquals(Map.of("True/None", 1L, "False/Synced", 1L, "Unknown/None", 1L), store.counts());

    store.put("team/b", repository("b", "4", true));
    store.remove("team/c");
    assertEquals(2, store.count("True/None"));
    assertEquals(0, store.count("False/Synced"));
    assertEquals(0, store.count("Unknown/None"));
    assertEquals(2, store.size());
  }

  @Test
  void repositoriesWithAWrittenStatusTakeAFractionOfTheirTextEvenWhenANewOneCameFirst() {
    // A new repository, read with the empty status the model gives it, is not the dictionary.
    store.put("team/new", repository("new", "1", null));
    long text = 0;
    for (int i = 0; i < 50; i++) {
      EcrRepository written = repository("api-" + i, String.valueOf(100 + i), i % 2 == 0);
      written
          .getStatus()
          .setRepositoryUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api-" + i);
      text += JSON.asJson(TrimmedStore.trimmed(repository("api-" + i, "0", true))).length();
      store.put(store.getKey(written), written);
    }
    store.remove("team/new");

    long kept = store.storedBytes();
    assertTrue(kept < text / 4, kept + " bytes kept for " + text + " bytes of text");
    assertEquals(50, store.size());
    assertEquals(
        "team/api-7", store.get("team/api-7").getSpec().getRepositoryName(), "decodes exactly");
  }
}
