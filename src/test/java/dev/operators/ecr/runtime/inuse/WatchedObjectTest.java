package dev.operators.ecr.runtime.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedCronJob;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedPod;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedReplicaSet;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The watches decode what they watch into their own few fields, whatever else an object holds. */
class WatchedObjectTest {
  private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String DIGEST =
      "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static KubernetesClient client;
  private static KubernetesSerialization serialization;

  @BeforeAll
  static void client() {
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
            .build();
    serialization = ImagesInUse.watching(client).getKubernetesSerialization();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static Object event(String object) {
    return serialization
        .unmarshal("{\"type\":\"MODIFIED\",\"object\":" + object + "}", WatchEvent.class)
        .getObject();
  }

  private static Set<String> written(Set<EcrImage> images) {
    return images.stream().map(EcrImage::toString).collect(Collectors.toSet());
  }

  @Test
  void aPodEventIsReadIntoTheWatchedPod() {
    Object object =
        event(
            """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"api-1","namespace":"team","uid":"u1","resourceVersion":"42",
              "labels":{"app":"api"},"annotations":{"a":"b"},
              "managedFields":[{"manager":"kubelet","operation":"Update","fieldsType":"FieldsV1",
               "fieldsV1":{"f:status":{"f:phase":{}}}}]},
             "spec":{"nodeName":"n1","volumes":[{"name":"v","emptyDir":{}}],
              "containers":[{"name":"app","image":"%1$s/app:1","ports":[{"containerPort":80}],
               "resources":{"limits":{"memory":"1Gi"}}}],
              "initContainers":[{"name":"init","image":"%1$s/init:1"}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
              "containerStatuses":[{"name":"app","image":"%1$s/app:1","ready":true,
               "imageID":"%1$s/app@%2$s","state":{"running":{"startedAt":"2026-01-01T00:00:00Z"}}}]}}
            """
                .formatted(HOST, DIGEST));

    WatchedPod pod = assertInstanceOf(WatchedPod.class, object);
    assertEquals(
        List.of("api-1", "team", "u1", "42"),
        List.of(
            pod.getMetadata().getName(),
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getUid(),
            pod.getMetadata().getResourceVersion()));
    assertEquals(
        Set.of(HOST + "/init:1", HOST + "/app@" + DIGEST), written(WorkloadImages.of(pod)));
  }

  @Test
  void workloadEventsAreReadIntoTheirWatchedKinds() {
    WatchedReplicaSet replicaSet =
        assertInstanceOf(
            WatchedReplicaSet.class,
            event(
                """
                {"apiVersion":"apps/v1","kind":"ReplicaSet",
                 "metadata":{"name":"cart-7f8d","namespace":"shop","uid":"u2",
                  "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"cart",
                   "uid":"u3","controller":true}]},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"cart"}},
                  "template":{"metadata":{"labels":{"app":"cart"}},
                   "spec":{"containers":[{"name":"cart","image":"%s/shop/cart:2"}]}}}}
                """
                    .formatted(HOST)));
    assertEquals(Set.of(HOST + "/shop/cart:2"), written(WorkloadImages.of(replicaSet)));

    WatchedCronJob cronJob =
        assertInstanceOf(
            WatchedCronJob.class,
            event(
                """
                {"apiVersion":"batch/v1","kind":"CronJob",
                 "metadata":{"name":"report","namespace":"shop","uid":"u4"},
                 "spec":{"schedule":"0 * * * *","jobTemplate":{"spec":{"template":
                  {"spec":{"restartPolicy":"Never",
                   "containers":[{"name":"report","image":"%s/report:1"}]}}}}}}
                """
                    .formatted(HOST)));
    assertEquals(Set.of(HOST + "/report:1"), written(WorkloadImages.of(cronJob)));
  }

  @Test
  void theOperatorsOwnReaderStillReadsFabric8sModel() {
    assertInstanceOf(
        io.fabric8.kubernetes.api.model.Pod.class,
        client
            .getKubernetesSerialization()
            .unmarshal(
                "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}}",
                WatchEvent.class)
            .getObject());
  }
}
