package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the API server admits of an EcrRepositoryCreationTemplate, from its generated CRD: the
 * examples pass (and the operator accepts them), each mistake is refused with its own message, and
 * the prefix and region cannot change.
 */
class CreationTemplateAdmissionTest {
  private static final Admission ADMISSION = Admission.of("EcrRepositoryCreationTemplate");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper STORED =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String KIND = "EcrRepositoryCreationTemplate";

  static List<JsonNode> examples() throws IOException {
    List<JsonNode> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("k8s", "examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
            .filter(d -> KIND.equals(d.path("kind").asText()))
            .forEach(found::add);
      }
    }
    return found;
  }

  @Test
  void theExamplesPassAdmissionAndTheOperator() throws IOException {
    List<JsonNode> examples = examples();
    assertFalse(examples.isEmpty(), "k8s/examples has no " + KIND);
    for (JsonNode example : examples) {
      assertEquals(List.of(), ADMISSION.create(example), example.at("/metadata/name").asText());
      assertEquals(
          List.of(),
          DesiredRepositoryCreationTemplate.check(
              STORED.convertValue(example, EcrRepositoryCreationTemplate.class)));
    }
  }

  private static ObjectNode minimal() {
    ObjectNode template = new ObjectMapper().createObjectNode();
    template.put("apiVersion", "ecr.operators.dev/v1alpha1").put("kind", KIND);
    template.putObject("metadata").put("name", "prod");
    ObjectNode spec = template.putObject("spec");
    spec.put("prefix", "prod");
    spec.putArray("appliedFor").add("REPLICATION");
    return template;
  }

  private static ObjectNode with(Consumer<ObjectNode> change) {
    ObjectNode template = minimal();
    change.accept((ObjectNode) template.get("spec"));
    return template;
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "a repeated scenario",
            with(s -> ((ArrayNode) s.get("appliedFor")).add("REPLICATION")),
            "spec.appliedFor: Invalid value: appliedFor names each scenario once"),
        Arguments.of(
            "an unknown scenario",
            with(s -> s.putArray("appliedFor").add("ON_PUSH")),
            "spec.appliedFor[0]: Invalid value: \"ON_PUSH\""),
        Arguments.of(
            "no scenario", with(s -> s.remove("appliedFor")), "spec.appliedFor: Required value"),
        Arguments.of(
            "a KMS key alias",
            with(
                s ->
                    s.putObject("encryption").put("type", "KMS").put("kmsKey", "alias/ecr-images")),
            "must be the key's full ARN"),
        Arguments.of(
            "exclusion filters without their mutability",
            with(s -> s.putArray("imageTagMutabilityExclusionFilters").add("latest")),
            "imageTagMutabilityExclusionFilters apply only with"),
        Arguments.of(
            "two lifecycle policies",
            with(
                s -> {
                  s.put("lifecyclePolicyText", "{}".repeat(60));
                  s.putObject("lifecyclePolicyRef").put("name", "standard");
                }),
            "cannot be combined"),
        Arguments.of(
            "the owner tag",
            with(s -> s.putObject("resourceTags").put("ecr.operators.dev/owner", "x")),
            "the resourceTags key ecr.operators.dev/owner is reserved"),
        Arguments.of(
            "a role that is not one",
            with(s -> s.put("customRoleArn", "ecr-role")),
            "spec.customRoleArn: Invalid value: \"ecr-role\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsRefusedWithItsMessage(String what, JsonNode template, String expected) {
    List<Rejection> rejections = ADMISSION.create(template);

    assertEquals(1, rejections.size(), "one mistake, one rejection: " + rejections);
    assertTrue(
        rejections.get(0).toString().contains(expected),
        "expected <" + expected + "> in " + rejections.get(0));
  }

  @Test
  void thePrefixAndTheRegionCannotChangeAndTheRestCan() {
    ObjectNode old = with(s -> s.put("region", "eu-west-1"));

    List<Rejection> prefix =
        ADMISSION.update(old, with(s -> s.put("region", "eu-west-1").put("prefix", "staging")));
    List<Rejection> region = ADMISSION.update(old, minimal());
    List<Rejection> rest =
        ADMISSION.update(
            old,
            with(
                s -> {
                  s.put("region", "eu-west-1");
                  s.put("description", "changed");
                  s.putObject("encryption").put("type", "KMS");
                  s.putArray("appliedFor").add("CREATE_ON_PUSH");
                }));

    assertEquals(1, prefix.size(), prefix.toString());
    assertTrue(prefix.get(0).toString().contains("prefix cannot change"), prefix.toString());
    assertEquals(1, region.size(), region.toString());
    assertTrue(
        region.get(0).toString().contains("spec.region cannot be added or removed"),
        region.toString());
    assertEquals(List.of(), rest, "a template's settings, encryption included, change in place");
  }
}
