package dev.operators.ecr.cli;

import static dev.operators.ecr.cli.CommandRun.example;
import static dev.operators.ecr.cli.CommandRun.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.policy.PolicyValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FOUNDING_POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only one untagged image, expire all"
          + " others\",\"selection\":{\"tagStatus\":\"untagged\",\"countType\":"
          + "\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

  @Test
  void rendersTheFoundingExample() throws IOException {
    CommandRun run = render(example("keep-one-untagged.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    Map<String, String> sections = sections(run.out());
    String header =
        "# EcrRepository team-payments/payments-api"
            + " (repository team-payments/payments-api in eu-west-1)";
    assertEquals(List.of(header), List.copyOf(sections.keySet()));
    assertEquals(JSON.readTree(FOUNDING_POLICY), JSON.readTree(sections.get(header)));
  }

  @Test
  void rendersAPullThroughCacheRuleAsTheRequestEcrGets() throws IOException {
    CommandRun run = render(example("pull-through-cache.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    Map<String, String> sections = sections(run.out());
    String header = "# EcrPullThroughCacheRule docker-hub (prefix docker-hub)";
    assertEquals(List.of(header), List.copyOf(sections.keySet()));
    assertEquals(
        JSON.readTree(
            "{\"ecrRepositoryPrefix\":\"docker-hub\","
                + "\"upstreamRegistryUrl\":\"registry-1.docker.io\","
                + "\"upstreamRegistry\":\"docker-hub\",\"credentialArn\":"
                + "\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
                + "ecr-pullthroughcache/docker-hub-AbCdEf\"}"),
        JSON.readTree(sections.get(header)));
  }

  @Test
  void rendersACreationTemplateAndTheRegistrysSettingsAsTheyAreSent() throws IOException {
    CommandRun template = render(example("creation-template.yaml"));
    assertEquals(0, template.exitCode(), template.err());
    String header =
        "# EcrRepositoryCreationTemplate team-payments (prefix team-payments); its lifecycle"
            + " policy: EcrLifecyclePolicy standard-retention";
    Map<String, String> sections = sections(template.out());
    assertEquals(List.of(header), List.copyOf(sections.keySet()));
    JsonNode sent = JSON.readTree(sections.get(header));
    assertEquals("team-payments", sent.path("prefix").asText());
    assertEquals("[\"CREATE_ON_PUSH\",\"PULL_THROUGH_CACHE\"]", sent.path("appliedFor").toString());
    assertFalse(sent.has("lifecyclePolicy"), "resolved in the cluster: " + sent);
    assertFalse(sent.has("kmsKey"), "absent settings are not sent: " + sent);

    CommandRun registry = render(example("registry-settings.yaml"));
    assertEquals(0, registry.exitCode(), registry.err());
    sections = sections(registry.out());
    header = "# EcrRegistry eu-west-1 (registry in eu-west-1)";
    assertEquals(List.of(header), List.copyOf(sections.keySet()));
    sent = JSON.readTree(sections.get(header));
    assertEquals(
        List.of(
            "replicationRules",
            "scanning",
            "policyText",
            "signingRules",
            "pullTimeUpdateExclusions"),
        fields(sent));
  }

  @Test
  void rendersAnAccessAsTheAssumeRoleRequestStsGetsAndItsRepositoryAsUsual() throws IOException {
    CommandRun run = render(example("second-account.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    Map<String, String> sections = sections(run.out());
    String access =
        "# EcrAccess team-search (role arn:aws:iam::210987654321:role/ecr-operator-team-b)";
    assertEquals(access, List.copyOf(sections.keySet()).get(0), run.out());
    assertEquals(
        JSON.readTree(
            "{\"RoleArn\":\"arn:aws:iam::210987654321:role/ecr-operator-team-b\","
                + "\"RoleSessionName\":\"ecr-operator\"}"),
        JSON.readTree(sections.get(access)));
    assertEquals(2, sections.size(), run.out());

    CommandRun tagged = render(file("access-tagged.yaml"));
    assertEquals(0, tagged.exitCode(), tagged.err());
    JsonNode sent = JSON.readTree(sections(tagged.out()).values().iterator().next());
    assertEquals("prod-7f3a", sent.path("ExternalId").asText());
    assertEquals("[{\"Key\":\"cluster\",\"Value\":\"prod-eu\"}]", sent.path("Tags").toString());
  }

  @Test
  void theRenderedTextIsAPolicyEcrAccepts() {
    CommandRun run = render(example("release-retention.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    String policy = sections(run.out()).values().iterator().next();
    assertEquals(List.of(), PolicyValidator.validate(policy));
  }

  @Test
  void aPolicyTooLongToIndentIsPrintedCompact() {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: ecr.operators.dev/v1alpha1\nkind: EcrRepository\n"
                + "metadata: {name: web}\nspec:\n  lifecyclePolicy:\n    rules:\n");
    for (int i = 0; i < 40; i++) {
      yaml.append("      - description: ")
          .append("d".repeat(580))
          .append("\n        selection: {tagStatus: tagged, tagPrefixList: [p")
          .append(i)
          .append("], countType: imageCountMoreThan, countNumber: 1}\n")
          .append("        action: {type: expire}\n");
    }

    CommandRun run = CommandRun.of(new RenderCommand(stdin(yaml.toString())), "-");

    assertEquals(0, run.exitCode(), run.err());
    String policy = run.outLines().get(1);
    assertEquals(2, run.outLines().size(), "a header and one line of JSON");
    assertTrue(policy.length() > 30_000, "long enough that indenting would pass 30720");
    assertEquals(List.of(), PolicyValidator.validate(policy));
  }

  @Test
  void rendersEveryRepositoryOfAFileAndSkipsOtherKinds() throws IOException {
    CommandRun run = render(file("several.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "document 3 skipped: kind ConfigMap is not EcrRepository, EcrLifecyclePolicy, EcrPullThroughCacheRule, EcrRepositoryCreationTemplate, EcrRegistry or EcrAccess"),
        run.errLines());
    Map<String, String> sections = sections(run.out());
    assertEquals(
        List.of(
            "# EcrRepository team-a/api (repository team-a/api in eu-west-1)",
            "# EcrRepository team-a/legacy (repository legacy in the operator's region): no"
                + " lifecycle policy",
            "# EcrRepository team-b/worker (repository worker in the operator's region)"),
        List.copyOf(sections.keySet()));
    assertEquals(
        JSON.readTree(
            """
            {"rules":[
              {"rulePriority":1,
               "selection":{"tagStatus":"tagged","tagPatternList":["*-rc","v*"],
                            "countType":"imageCountMoreThan","countNumber":10},
               "action":{"type":"expire"}},
              {"rulePriority":2,
               "selection":{"tagStatus":"untagged","countType":"sinceImagePushed",
                            "countUnit":"days","countNumber":7},
               "action":{"type":"expire"}}]}
            """),
        JSON.readTree(
            sections.get("# EcrRepository team-a/api (repository team-a/api in eu-west-1)")));
    assertEquals(
        JSON.readTree(
            """
            {"rules":[{"rulePriority":1,
               "selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},
               "action":{"type":"expire"}}]}
            """),
        JSON.readTree(
            sections.get(
                "# EcrRepository team-b/worker (repository worker in the operator's region)")));
  }

  @Test
  void rendersSharedPoliciesAndTheRepositoriesThatUseThem() throws IOException {
    CommandRun run = render(file("shared-policies.yaml"));

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    Map<String, String> sections = sections(run.out());
    String orgDefault = "# EcrLifecyclePolicy org-default (default)";
    String keepReleases = "# EcrLifecyclePolicy keep-releases";
    String byReference =
        "# EcrRepository team-a/api (repository api in eu-west-1)"
            + " via EcrLifecyclePolicy keep-releases";
    String byDefault =
        "# EcrRepository team-a/legacy (repository legacy in the operator's region)"
            + " via EcrLifecyclePolicy org-default (default)";
    String elsewhere =
        "# EcrRepository team-b/web (repository web in the operator's region)"
            + " via EcrLifecyclePolicy platform-standard, which is not in this file";
    assertEquals(
        List.of(orgDefault, keepReleases, byReference, byDefault, elsewhere),
        List.copyOf(sections.keySet()));
    JsonNode releases =
        JSON.readTree(
            """
            {"rules":[{"rulePriority":10,
               "selection":{"tagStatus":"tagged","tagPatternList":["v*"],
                            "countType":"imageCountMoreThan","countNumber":20},
               "action":{"type":"expire"}}]}
            """);
    assertEquals(JSON.readTree(FOUNDING_POLICY), JSON.readTree(sections.get(orgDefault)));
    assertEquals(releases, JSON.readTree(sections.get(keepReleases)));
    assertEquals(releases, JSON.readTree(sections.get(byReference)));
    assertEquals(JSON.readTree(FOUNDING_POLICY), JSON.readTree(sections.get(byDefault)));
    assertEquals("", sections.get(elsewhere), "no JSON for a policy the file does not hold");
  }

  @Test
  void aRepositoryUsingAnInvalidPolicyOfTheFileIsListedWithoutJson() throws IOException {
    String yaml =
        Files.readString(Path.of(file("shared-policy-invalid.yaml")))
            + "---\napiVersion: ecr.operators.dev/v1alpha1\nkind: EcrRepository\n"
            + "metadata: {name: web, namespace: team}\nspec: {lifecyclePolicyRef: {name: weekly}}\n";

    CommandRun run = CommandRun.of(new RenderCommand(stdin(yaml)), "-");

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "# EcrRepository team/web (repository web in the operator's region)"
                + " via EcrLifecyclePolicy weekly, which is invalid"),
        run.outLines());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(
        run.errLines().get(0).startsWith("weekly: spec.rules[0].selection.countUnit: "), run.err());
  }

  @Test
  void invalidRepositoriesAreReportedOnStandardErrorAndTheOthersStillRendered() {
    CommandRun run = render(file("invalid.yaml"));

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of("# EcrRepository team-a/api (repository api in the operator's region)"),
        List.copyOf(sections(run.out()).keySet()));
    assertEquals(2, run.errLines().size(), run.err());
    assertTrue(run.errLines().get(0).startsWith("team-b/web: spec.region: 'europe' is not"));
    assertTrue(
        run.errLines()
            .get(1)
            .startsWith("team-b/web: spec.lifecyclePolicy.rules[0].selection.countUnit: "));
  }

  @Test
  void readsStandardInput() throws IOException {
    InputStream stdin = Files.newInputStream(Path.of(example("keep-one-untagged.yaml")));

    CommandRun run = CommandRun.of(new RenderCommand(stdin), "-");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(render(example("keep-one-untagged.yaml")).out(), run.out());
  }

  @Test
  void aFileThatCannotBeUsedExitsWithTwo() {
    CommandRun missing = render(file("no-such-file.yaml"));
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("no-such-file.yaml: no such file"), missing.err());

    CommandRun notYaml = CommandRun.of(new RenderCommand(stdin("spec: [unclosed\n")), "-");
    assertEquals(2, notYaml.exitCode());
    assertTrue(notYaml.err().startsWith("standard input is not valid YAML at line"), notYaml.err());

    CommandRun policy = render(file("archive-policy.json"));
    assertEquals(2, policy.exitCode());
    assertTrue(policy.err().contains("is a bare lifecycle policy"), policy.err());
  }

  private static CommandRun render(String file) {
    return CommandRun.of(new RenderCommand(), file);
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The output cut at its '#' header lines: header to the JSON below it (empty if none). */
  private static Map<String, String> sections(String out) {
    Map<String, String> sections = new LinkedHashMap<>();
    String header = null;
    for (String line : out.lines().toList()) {
      if (line.startsWith("#")) {
        header = line;
        sections.put(header, "");
      } else {
        sections.merge(header, line + "\n", String::concat);
      }
    }
    return sections;
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
