package dev.operators.ecr.sandbox;

import static dev.operators.ecr.sandbox.JsonPathTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  // Another CRD, as someone might apply to the local API: three versions, one not served.
  private static final JsonNode WIDGETS =
      json(
          """
          {"spec": {"group": "example.com", "scope": "Cluster",
                    "names": {"plural": "widgets", "kind": "Widget"},
                    "versions": [{"name": "v1beta1", "served": true},
                                 {"name": "v1", "served": true, "storage": true},
                                 {"name": "v1alpha1", "served": false}]}}
          """);

  @Test
  void theResourcesOfACrdAreWhatItDeclares() throws IOException {
    JsonNode list = discovery().answer(List.of("apis", "ecr.operators.dev", "v1alpha1"));

    assertEquals("APIResourceList", list.path("kind").asText());
    assertEquals("ecr.operators.dev/v1alpha1", list.path("groupVersion").asText());
    JsonNode repositories = resource(list, "ecrrepositories");
    assertEquals("ecrrepository", repositories.path("singularName").asText());
    assertEquals("EcrRepository", repositories.path("kind").asText());
    assertEquals(true, repositories.path("namespaced").asBoolean());
    assertEquals(List.of("ecrrepo"), texts(repositories.path("shortNames")));
    assertEquals(List.of("aws", "ecr"), texts(repositories.path("categories")));
    assertEquals(
        List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"),
        texts(repositories.path("verbs")));
    assertEquals(
        List.of("get", "patch", "update"),
        texts(resource(list, "ecrrepositories/status").path("verbs")));
    assertEquals(false, resource(list, "ecrlifecyclepolicies").path("namespaced").asBoolean());
    assertEquals(
        List.of("ecrlp"), texts(resource(list, "ecrlifecyclepolicies").path("shortNames")));
  }

  @Test
  void groupsListTheirServedVersionsThePreferredFirst() throws IOException {
    Discovery discovery = discovery();

    JsonNode groups = discovery.answer(List.of("apis")).path("groups");
    List<String> names = new ArrayList<>();
    groups.forEach(g -> names.add(g.path("name").asText()));
    assertEquals(
        List.of("coordination.k8s.io", "apiextensions.k8s.io", "ecr.operators.dev", "example.com"),
        names);
    JsonNode widgets = discovery.answer(List.of("apis", "example.com"));
    assertEquals("APIGroup", widgets.path("kind").asText());
    assertEquals(List.of("v1", "v1beta1"), texts(widgets.path("versions"), "version"));
    assertEquals("example.com/v1", widgets.path("preferredVersion").path("groupVersion").asText());
    assertEquals(
        "widget",
        resource(discovery.answer(List.of("apis", "example.com", "v1")), "widgets")
            .path("singularName")
            .asText());
    assertNull(discovery.answer(List.of("apis", "example.com", "v1alpha1")));
    assertNull(discovery.answer(List.of("apis", "nothing.example.com")));
  }

  @Test
  void theCoreGroupServesNamespacesAndEvents() throws IOException {
    Discovery discovery = discovery();

    assertEquals(List.of("v1"), texts(discovery.answer(List.of("api")).path("versions")));
    JsonNode core = discovery.answer(List.of("api", "v1"));
    assertEquals("v1", core.path("groupVersion").asText());
    assertEquals(false, resource(core, "namespaces").path("namespaced").asBoolean());
    assertEquals(true, resource(core, "events").path("namespaced").asBoolean());
    assertEquals(
        "Lease",
        resource(discovery.answer(List.of("apis", "coordination.k8s.io", "v1")), "leases")
            .path("kind")
            .asText());
  }

  @Test
  void openApiDeclaresThatEachPatchTakesFieldValidation() throws IOException {
    Discovery discovery = discovery();

    JsonNode index = discovery.openApi(List.of("openapi", "v3"));
    assertEquals(
        "/openapi/v3/apis/ecr.operators.dev/v1alpha1",
        index
            .path("paths")
            .path("apis/ecr.operators.dev/v1alpha1")
            .path("serverRelativeURL")
            .asText());
    JsonNode document =
        discovery.openApi(List.of("openapi", "v3", "apis", "ecr.operators.dev", "v1alpha1"));
    JsonNode patch =
        document
            .path("paths")
            .path("/apis/ecr.operators.dev/v1alpha1/namespaces/{namespace}/ecrrepositories/{name}")
            .path("patch");
    assertEquals(
        "EcrRepository", patch.path("x-kubernetes-group-version-kind").path("kind").asText());
    assertEquals("fieldValidation", patch.path("parameters").get(0).path("name").asText());
    JsonNode schema =
        document
            .path("components")
            .path("schemas")
            .path("dev.operators.ecr.v1alpha1.EcrRepository");
    assertEquals(
        "EcrRepository",
        schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());
    assertEquals("object", schema.path("properties").path("spec").path("type").asText());
    assertNull(discovery.openApi(List.of("openapi", "v3", "apis", "example.com", "v2")));
  }

  @Test
  void versionsAreOrderedAsKubernetesOrdersThem() {
    List<String> versions =
        new ArrayList<>(List.of("v1alpha1", "foo", "v1beta2", "v2", "v1", "v1beta1", "v10", "bar"));

    versions.sort(Discovery::preferredFirst);

    assertEquals(
        List.of("v10", "v2", "v1", "v1beta2", "v1beta1", "v1alpha1", "bar", "foo"), versions);
  }

  private static Discovery discovery() throws IOException {
    return Discovery.of(
        List.of(
            TableFormTest.crd("ecrrepositories"),
            TableFormTest.crd("ecrlifecyclepolicies"),
            WIDGETS));
  }

  private static JsonNode resource(JsonNode list, String name) {
    return StreamSupport.stream(list.path("resources").spliterator(), false)
        .filter(r -> r.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + list));
  }

  private static List<String> texts(JsonNode array) {
    return texts(array, null);
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> field == null ? n.asText() : n.path(field).asText())
        .toList();
  }
}
