package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.desired.DesiredRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the API server would answer to EcrRegistry objects, from the generated CRD. */
class EcrRegistryAdmissionTest {
  private static final String KIND =
      io.fabric8.kubernetes.api.model.HasMetadata.getKind(EcrRegistry.class);
  private static final Path EXAMPLE = Path.of("k8s", "examples", "registry-settings.yaml");
  private static final Admission ADMISSION = Admission.of(KIND);
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Set<String> broken = new TreeSet<>();

  @Test
  void theExamplePassesAdmissionAndTheOperatorsChecks() throws IOException {
    JsonNode example = YAML.readTree(EXAMPLE.toFile());
    assertEquals(List.of(), ADMISSION.create(example));
    EcrRegistry resource = YAML.treeToValue(example, EcrRegistry.class);
    assertEquals(List.of(), DesiredRegistry.check(resource));
  }

  @Test
  void aScanFrequencyThatDoesNotSuitTheScanTypeIsRefusedByItsRule() {
    List<Rejection> enhancedManual =
        refused(
            registry(
                """
                scanning:
                  scanType: ENHANCED
                  rules: [{scanFrequency: MANUAL, repositoryFilters: ["*"]}]
                """));
    assertEquals("spec.scanning", enhancedManual.get(0).path());
    assertTrue(enhancedManual.get(0).message().contains("must suit the scanType"));
    // BASIC is the default scan type, and it does not scan continuously.
    refused(registry("scanning: {rules: [{scanFrequency: CONTINUOUS_SCAN}]}"));
    assertEquals(
        List.of(),
        ADMISSION.create(
            registry("scanning: {scanType: ENHANCED, rules: [{scanFrequency: CONTINUOUS_SCAN}]}")));
  }

  @Test
  void theRegionCannotChangeNorBeAddedOrRemoved() {
    JsonNode before = registry("region: eu-west-1");
    List<Rejection> changed = ADMISSION.update(before, registry("region: us-east-1"));
    assertEquals(1, changed.size(), changed.toString());
    assertTrue(changed.get(0).message().contains("region cannot change"), changed.toString());
    broken.add(changed.get(0).message());

    List<Rejection> removed = ADMISSION.update(before, registry("{}"));
    assertEquals(1, removed.size(), removed.toString());
    assertTrue(removed.get(0).message().contains("cannot be added or removed"));
    broken.add(removed.get(0).message());
    assertEquals(List.of(), ADMISSION.update(before, registry("region: eu-west-1")));
  }

  @Test
  void theSchemaHoldsEcrsLimitsAndPatterns() {
    StringBuilder rules = new StringBuilder("replication:\n  rules:\n");
    for (int i = 0; i < 11; i++) {
      rules.append("    - destinations: [{region: eu-central-1, registryId: \"123456789012\"}]\n");
    }
    assertTrue(refused(registry(rules.toString())).get(0).message().contains("at most 10"));
    refused(
        registry(
            "replication: {rules: [{destinations: [{region: eu-central-1, registryId: \"123\"}]}]}"));
    refused(registry("replication: {rules: [{destinations: []}]}"));
    refused(registry("scanning: {rules: [{scanFrequency: HOURLY}]}"));
    refused(registry("scanning: {scanType: DEEP}"));
    refused(
        registry("signing: {rules: [{signingProfileArn: \"arn:aws:iam::123456789012:role/x\"}]}"));
    refused(registry("pullTimeUpdateExclusions: [\"arn:aws:iam::123456789012:group/scanners\"]"));
    refused(registry("deletionPolicy: Forget"));
  }

  @Test
  void deletionPolicyDefaultsToRetain() {
    assertEquals(
        "Retain", CRD_SCHEMA.at("/properties/spec/properties/deletionPolicy/default").asText());
  }

  @Test
  void everyRuleOfTheCrdIsBrokenByACaseHere() {
    aScanFrequencyThatDoesNotSuitTheScanTypeIsRefusedByItsRule();
    theRegionCannotChangeNorBeAddedOrRemoved();
    for (CelRules.Rule rule : CelRules.declaredIn(CRD_SCHEMA)) {
      assertTrue(
          broken.stream().anyMatch(m -> m.endsWith(rule.message())),
          "no case breaks the rule at " + rule.path() + ": " + rule.expression());
    }
  }

  private static final JsonNode CRD_SCHEMA = Crd.generated(KIND).openApiV3Schema();

  private List<Rejection> refused(JsonNode object) {
    List<Rejection> rejections = ADMISSION.create(object);
    assertEquals(1, rejections.size(), "one mistake, one rejection: " + rejections);
    broken.add(rejections.get(0).message());
    return rejections;
  }

  private static JsonNode registry(String specYaml) {
    try {
      ObjectNode object = YAML.createObjectNode();
      object.put("apiVersion", "ecr.operators.dev/v1alpha1").put("kind", "EcrRegistry");
      object.putObject("metadata").put("name", "registry");
      object.set("spec", YAML.readTree(specYaml));
      return object;
    } catch (IOException e) {
      throw new IllegalArgumentException(specYaml, e);
    }
  }
}
