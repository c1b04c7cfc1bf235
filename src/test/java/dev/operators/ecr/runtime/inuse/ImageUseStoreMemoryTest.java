package dev.operators.ecr.runtime.inuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.inuse.InUseIndex;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a watched Pod costs in heap: Pods as the API server sends them, decoded, stored, and the
 * heap measured after collection. The figure is printed; the bound is loose (a collection is not
 * exact) but far below what keeping the Pod itself costs, which is measured the same way.
 */
class ImageUseStoreMemoryTest {
  private static final int PODS = 20_000;
  private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

  static String podJson(int i) {
    String name = "api-5d9c8b7f4-" + Integer.toString(100_000 + i, 36);
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"team-%d",
        "uid":"%s","resourceVersion":"%d","generateName":"api-5d9c8b7f4-",
        "labels":{"app":"api","pod-template-hash":"5d9c8b7f4"},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"api-5d9c8b7f4",
        "uid":"%s","controller":true,"blockOwnerDeletion":true}]},
        "spec":{"containers":[{"name":"api","image":"%s/team/api:1.%d",
        "ports":[{"containerPort":8080,"protocol":"TCP"}],
        "resources":{"requests":{"cpu":"100m","memory":"128Mi"}},
        "env":[{"name":"MODE","value":"prod"}]},
        {"name":"proxy","image":"docker.io/envoyproxy/envoy:v1.30"}],
        "nodeName":"node-%d","serviceAccountName":"default","restartPolicy":"Always"},
        "status":{"phase":"Running","podIP":"10.0.%d.%d","containerStatuses":[
        {"name":"api","ready":true,"restartCount":0,"image":"%s/team/api:1.%d",
        "imageID":"%s/team/api@sha256:%064x","containerID":"containerd://%064x"},
        {"name":"proxy","ready":true,"restartCount":0,"image":"envoyproxy/envoy:v1.30",
        "imageID":"docker.io/envoyproxy/envoy@sha256:%064x","containerID":"containerd://%064x"}]}}
        """
        .formatted(
            name,
            i % 50,
            UUID.randomUUID(),
            1_000_000 + i,
            UUID.randomUUID(),
            HOST,
            i % 20,
            i % 100,
            i / 256 % 256,
            i % 256,
            HOST,
            i % 20,
            HOST,
            i % 20,
            i,
            7,
            i + 1);
  }

  private static long usedAfterCollection() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  @Test
  void aWatchedPodCostsAFewHundredBytes() {
    InUseIndex index = new InUseIndex(Clock.systemUTC());
    ImageUseStore<Pod> store = new ImageUseStore<>("Pod", index, WorkloadImages::of, Pod::new);
    long before = usedAfterCollection();
    for (int i = 0; i < PODS; i++) {
      Pod pod = Serialization.unmarshal(podJson(i), Pod.class);
      store.put(store.getKey(pod), pod);
    }
    long kept = (usedAfterCollection() - before) / PODS;

    List<Pod> whole = new ArrayList<>();
    long beforeWhole = usedAfterCollection();
    for (int i = 0; i < PODS; i++) {
      whole.add(Serialization.unmarshal(podJson(i), Pod.class));
    }
    long decoded = (usedAfterCollection() - beforeWhole) / PODS;

    System.out.printf(
        "a watched Pod: %d bytes kept (store and index), %d bytes decoded whole, %d images%n",
        kept, decoded, index.images());
    assertTrue(store.size() == PODS && whole.size() == PODS);
    assertTrue(kept < 1_536, kept + " bytes per Pod");
    assertTrue(kept * 4 < decoded, kept + " bytes per Pod kept, " + decoded + " whole");
  }
}
