package dev.operators.ecr.sandbox;

import static dev.operators.ecr.sandbox.JsonPathTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TableFormTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final JsonNode REPOSITORY =
      json(
          """
          {"apiVersion": "ecr.operators.dev/v1alpha1", "kind": "EcrRepository",
           "metadata": {"name": "web", "namespace": "team", "creationTimestamp": "2026-11-27T11:54:30Z"},
           "status": {"repositoryName": "team/web", "repositoryUri": "123.dkr/team/web",
                      "lifecyclePolicy": {"version": "19136b272e48"},
                      "conditions": [{"type": "Reconciling", "status": "False"},
                                     {"type": "Ready", "status": "True", "reason": "Synced"}]}}
          """);

  @Test
  void aRepositoryShowsTheCrdsColumnsWithTheValuesTheirPathsReach() throws IOException {
    JsonNode table = table("ecrrepositories", List.of(REPOSITORY), null);

    assertEquals(
        List.of("Name", "Age", "Reason", "Ready", "Policy", "Repository", "URI"),
        texts(table.path("columnDefinitions"), "name"));
    assertEquals(
        List.of("string", "date", "string", "string", "string", "string", "string"),
        texts(table.path("columnDefinitions"), "type"));
    assertEquals(
        List.of("web", "5m30s", "Synced", "True", "19136b272e48", "team/web", "123.dkr/team/web"),
        texts(table.path("rows").get(0).path("cells"), null));
    JsonNode object = table.path("rows").get(0).path("object");
    assertEquals("PartialObjectMetadata", object.path("kind").asText());
    assertEquals("team", object.path("metadata").path("namespace").asText());
    assertFalse(object.has("status"));
    assertEquals("7", table.path("metadata").path("resourceVersion").asText());
  }

  @Test
  void whatAPathDoesNotReachIsNull() throws IOException {
    JsonNode bare =
        json(
            "{\"metadata\": {\"name\": \"new\", \"creationTimestamp\": \"2026-11-27T11:59:58Z\"}}");

    JsonNode cells =
        table("ecrrepositories", List.of(bare), null).path("rows").get(0).path("cells");

    assertEquals("new", cells.get(0).asText());
    assertEquals("2s", cells.get(1).asText());
    for (int i = 2; i < cells.size(); i++) {
      assertEquals(true, cells.get(i).isNull(), cells.toString());
    }
  }

  @Test
  void integerColumnsAreNumbersAndAnnotationsAreReadThroughEscapedDots() throws IOException {
    JsonNode policy =
        json(
            """
            {"metadata": {"name": "standard", "creationTimestamp": "2026-11-25T12:00:00Z",
                          "annotations": {"ecr.operators.dev/is-default-policy": "true"}},
             "status": {"repositories": 3, "repositoriesInSync": 2, "version": "88dfec9bc473",
                        "conditions": [{"type": "Ready", "status": "True"}]}}
            """);

    JsonNode table = table("ecrlifecyclepolicies", List.of(policy), null);

    assertEquals(
        List.of(
            "Name", "Default", "Age", "Ready", "Repositories", "In-Sync", "Templates", "Version"),
        texts(table.path("columnDefinitions"), "name"));
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertEquals(
        "[\"standard\",\"true\",\"2d\",\"True\",3,2,null,\"88dfec9bc473\"]", cells.toString());
  }

  @Test
  void includeObjectDecidesWhatEachRowCarries() throws IOException {
    assertEquals(
        REPOSITORY,
        table("ecrrepositories", List.of(REPOSITORY), "Object").path("rows").get(0).path("object"));
    assertFalse(
        table("ecrrepositories", List.of(REPOSITORY), "None").path("rows").get(0).has("object"));
  }

  @Test
  void agesReadAsTheApiServerWritesThem() {
    assertEquals("0s", TableForm.humanDuration(Duration.ofMillis(-1500)));
    assertEquals("<invalid>", TableForm.humanDuration(Duration.ofSeconds(-2)));
    assertEquals("119s", TableForm.humanDuration(Duration.ofSeconds(119)));
    assertEquals("2m", TableForm.humanDuration(Duration.ofMinutes(2)));
    assertEquals("9m59s", TableForm.humanDuration(Duration.ofSeconds(599)));
    assertEquals("179m", TableForm.humanDuration(Duration.ofMinutes(179)));
    assertEquals("3h", TableForm.humanDuration(Duration.ofHours(3)));
    assertEquals("7h59m", TableForm.humanDuration(Duration.ofMinutes(479)));
    assertEquals("47h", TableForm.humanDuration(Duration.ofHours(47)));
    assertEquals("7d23h", TableForm.humanDuration(Duration.ofHours(191)));
    assertEquals("729d", TableForm.humanDuration(Duration.ofDays(729)));
    assertEquals("2y", TableForm.humanDuration(Duration.ofDays(730)));
    assertEquals("3y100d", TableForm.humanDuration(Duration.ofDays(1195)));
    assertEquals("8y", TableForm.humanDuration(Duration.ofDays(8 * 365)));
    assertEquals("<invalid>", TableForm.age("yesterday", NOW));
  }

  private static JsonNode table(String plural, List<JsonNode> objects, String include)
      throws IOException {
    return TableForm.of(crd(plural), "v1alpha1", objects, "7", include, NOW);
  }

  static JsonNode crd(String plural) throws IOException {
    String resource = "META-INF/fabric8/" + plural + ".ecr.operators.dev-v1.yml";
    try (InputStream in = TableFormTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> field == null ? n.asText() : n.path(field).asText())
        .toList();
  }
}
