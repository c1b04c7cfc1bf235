package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An EcrLifecyclePolicy is admitted exactly as an EcrRepository's inline policy is: its spec's
 * schema, CEL rules included, is the same one, so the admission corpus covers both.
 */
class SharedPolicySchemaTest {
  private static final Path CRDS = Path.of("target", "classes", "META-INF", "fabric8");

  private static JsonNode schema(String crd) throws IOException {
    return new YAMLMapper()
        .readTree(CRDS.resolve(crd).toFile())
        .path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema");
  }

  @Test
  void theSharedPolicySpecHasTheInlinePolicysSchemaAndRules() throws IOException {
    JsonNode shared =
        schema("ecrlifecyclepolicies.ecr.operators.dev-v1.yml").path("properties").path("spec");
    JsonNode inline =
        schema("ecrrepositories.ecr.operators.dev-v1.yml")
            .path("properties")
            .path("spec")
            .path("properties")
            .path("lifecyclePolicy");

    assertFalse(shared.isMissingNode());
    assertEquals(inline.path("properties"), shared.path("properties"));
    assertEquals(inline.path("required"), shared.path("required"));
    assertEquals(inline.path("x-kubernetes-validations"), shared.path("x-kubernetes-validations"));
  }
}
