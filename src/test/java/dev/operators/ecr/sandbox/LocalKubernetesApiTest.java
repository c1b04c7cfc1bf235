package dev.operators.ecr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local API server refuses a status write based on an outdated object, and answers what kubectl
 * asks beyond the mock's CRUD (lists named by kind, watches streamed over plain HTTP), as a cluster
 * does.
 */
class LocalKubernetesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
  void everyCrdOfTheOperatorIsRegistered() throws java.io.IOException {
    java.util.Set<String> committed;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("crds"))) {
      committed =
          files
              .map(f -> "META-INF/fabric8/" + f.getFileName())
              .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
    assertEquals(committed, new java.util.TreeSet<>(LocalKubernetesApi.CRD_RESOURCES));
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

  @Test
  void aWatchOverPlainHttpStreamsEveryChangeAfterItsResourceVersion() throws Exception {
    String from =
        client
            .resources(EcrRepository.class)
            .inNamespace("default")
            .list()
            .getMetadata()
            .getResourceVersion();
    HttpResponse<Stream<String>> watch =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        api.url()
                            + "/apis/ecr.operators.dev/v1alpha1/namespaces/default/ecrrepositories"
                            + "?watch=true&resourceVersion="
                            + from
                            + "&fieldSelector=metadata.name%3Dwatched"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, watch.statusCode());
    Iterator<String> events = watch.body().iterator();

    create("unwatched");
    create("watched");
    resource("watched").edit(r -> label(r, "team", "web"));
    resource("watched").delete();

    JsonNode added = JSON.readTree(events.next());
    JsonNode modified = JSON.readTree(events.next());
    JsonNode deleted = JSON.readTree(events.next());
    assertEquals("ADDED", added.path("type").asText());
    assertEquals("watched", added.path("object").path("metadata").path("name").asText());
    assertEquals("MODIFIED", modified.path("type").asText());
    assertEquals(
        "web", modified.path("object").path("metadata").path("labels").path("team").asText());
    assertEquals("DELETED", deleted.path("type").asText());
    assertTrue(
        version(deleted) > version(modified),
        "a deletion has a resourceVersion of its own: " + deleted);
    watch.body().close();
  }

  @Test
  void aListIsNamedByTheKindOfItsItems() throws Exception {
    HttpResponse<String> list =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/default/events"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals("EventList", JSON.readTree(list.body()).path("kind").asText());
    assertEquals("application/json", list.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void protobufIsRefusedInsteadOfLeftUnanswered() throws Exception {
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces"))
                .header("Content-Type", "application/vnd.kubernetes.protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x6b, 0x38, 0x73, 0}))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(415, refused.statusCode());
  }

  private static long version(JsonNode event) {
    return event.path("object").path("metadata").path("resourceVersion").asLong();
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
