package dev.operators.ecr.sandbox;

import static dev.operators.ecr.sandbox.JsonPathTest.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static final JsonNode EVENT =
      json(
          """
          {"metadata": {"name": "web.1", "namespace": "team"}, "type": "Normal",
           "involvedObject": {"kind": "EcrRepository", "name": "web", "uid": "u-1"},
           "message": "a=b, c"}
          """);

  @Test
  void everyRequirementMustHold() {
    assertTrue(matches("involvedObject.kind=EcrRepository,involvedObject.name=web"));
    assertTrue(matches("involvedObject.name==web,type!=Warning"));
    assertFalse(matches("involvedObject.kind=EcrRepository,involvedObject.name=api"));
    assertFalse(matches("type!=Normal"));
    assertTrue(matches(""));
  }

  @Test
  void aMissingFieldReadsAsEmptyAndValuesMayBeEscaped() {
    assertTrue(matches("reason="));
    assertFalse(matches("reason=Created"));
    assertTrue(matches("message=a\\=b\\, c"));
  }

  @Test
  void aRequirementWithoutOperatorIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("involvedObject.name"));
  }

  private static boolean matches(String selector) {
    return FieldSelector.parse(selector).matches(EVENT);
  }
}
