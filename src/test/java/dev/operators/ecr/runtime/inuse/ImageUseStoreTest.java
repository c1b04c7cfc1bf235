package dev.operators.ecr.runtime.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.InUseIndex;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageUseStoreTest {
  private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

  private final InUseIndex index = new InUseIndex(Clock.systemUTC());
  private final ImageUseStore<Pod> store =
      new ImageUseStore<>("Pod", index, WorkloadImages::of, Pod::new);

  private static Pod pod(String uid, String version, String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("team")
        .withName("api")
        .withUid(uid)
        .withResourceVersion(version)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  private List<String> users() {
    return index.inUse("123456789012", "eu-west-1", "api").entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(w -> w + " " + w.uid() + " " + e.getKey()))
        .toList();
  }

  @Test
  void keepsNameUidAndVersionOnlyAndFeedsTheIndex() {
    Pod pod = pod("u1", "7", HOST + "/api:1");
    String key = store.getKey(pod);
    assertNull(store.put(key, pod));

    Pod kept = store.get(key);
    assertEquals("api", kept.getMetadata().getName());
    assertEquals("team", kept.getMetadata().getNamespace());
    assertEquals("u1", kept.getMetadata().getUid());
    assertEquals("7", kept.getMetadata().getResourceVersion());
    assertNull(kept.getSpec(), "nothing of the spec is kept");
    assertEquals(List.of("Pod team/api u1 " + HOST + "/api:1"), users());

    Pod before = store.put(key, pod("u1", "8", HOST + "/api:2"));
    assertEquals("7", before.getMetadata().getResourceVersion());
    assertEquals(List.of("Pod team/api u1 " + HOST + "/api:2"), users());
    assertEquals(1, store.size());
    assertEquals(List.of(key), store.keySet().toList());
  }

  @Test
  void anObjectCreatedAgainUnderTheSameNameReplacesTheOldOne() {
    String key = store.getKey(pod("u1", "1", HOST + "/api:1"));
    store.put(key, pod("u1", "1", HOST + "/api:1"));
    store.put(key, pod("u2", "5", HOST + "/api:1"));

    assertEquals(List.of("Pod team/api u2 " + HOST + "/api:1"), users());
    assertEquals(1, index.workloads());
  }

  @Test
  void removingLeavesTheIndex() {
    String key = store.getKey(pod("u1", "1", HOST + "/api:1"));
    store.put(key, pod("u1", "1", HOST + "/api:1"));

    assertEquals("u1", store.remove(key).getMetadata().getUid());

    assertEquals(List.of(), users());
    assertEquals(0, store.size());
    assertNull(store.remove(key));
    assertTrue(index.stoppedAt(EcrImage.parse(HOST + "/api:1").orElseThrow()).isPresent());
  }
}
