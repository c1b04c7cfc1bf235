package dev.operators.ecr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  private static final JsonNode OBJECT =
      json(
          """
          {"metadata": {"name": "web", "annotations": {"ecr.operators.dev/is-default-policy": "true"}},
           "status": {"repositories": 3,
                      "conditions": [{"type": "Stalled", "status": "False", "observedGeneration": 1},
                                     {"type": "Ready", "status": "True", "observedGeneration": 2}]}}
          """);

  @Test
  void readsFieldsAndEscapedDots() {
    assertEquals(List.of("web"), texts(".metadata.name"));
    assertEquals(
        List.of("true"), texts(".metadata.annotations.ecr\\.operators\\.dev/is-default-policy"));
    assertEquals(
        List.of("true"), texts(".metadata.annotations['ecr.operators.dev/is-default-policy']"));
    assertEquals(List.of(), texts(".metadata.labels.team"));
  }

  @Test
  void readsIndexesWildcardsAndFilters() {
    assertEquals(List.of("Ready"), texts(".status.conditions[1].type"));
    assertEquals(List.of("Ready"), texts(".status.conditions[-1].type"));
    assertEquals(List.of("Stalled", "Ready"), texts(".status.conditions[*].type"));
    assertEquals(List.of("True"), texts(".status.conditions[?(@.type==\"Ready\")].status"));
    assertEquals(List.of("False"), texts(".status.conditions[?(@.type!='Ready')].status"));
    assertEquals(List.of("Ready"), texts(".status.conditions[?(@.observedGeneration==2)].type"));
    assertEquals(List.of(), texts(".status.conditions[?(@.type==\"Gone\")].status"));
  }

  @Test
  void refusesWhatItDoesNotRead() {
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("..name"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".items[0:2]"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".items[?(@.a>1)]"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("metadata.name"));
  }

  private static List<String> texts(String path) {
    return JsonPath.parse(path).find(OBJECT).stream().map(JsonNode::asText).toList();
  }

  static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
