package dev.operators.ecr.cli;

import static dev.operators.ecr.cli.CommandRun.example;
import static dev.operators.ecr.cli.CommandRun.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {
  private static final String UNTAGGED_COUNT_UNIT =
      "countUnit must be \"days\" when countType is sinceImagePushed; add \"countUnit\": \"days\"";

  @Test
  void theExamplesAreValid() {
    for (String example : List.of("keep-one-untagged.yaml", "release-retention.yaml")) {
      CommandRun run = validate(example(example));

      assertEquals(0, run.exitCode(), run.out());
      assertEquals("", run.out());
      assertEquals(List.of(example(example) + ": 1 resource, all valid"), run.errLines());
    }
  }

  @Test
  void aPullThroughCacheRuleIsCheckedAsTheOperatorChecksIt() {
    CommandRun valid = validate(example("pull-through-cache.yaml"));
    assertEquals(0, valid.exitCode(), valid.out());
    assertEquals(
        List.of(example("pull-through-cache.yaml") + ": 1 resource, all valid"), valid.errLines());

    String bad =
        "apiVersion: ecr.operators.dev/v1alpha1\n"
            + "kind: EcrPullThroughCacheRule\n"
            + "metadata: {name: hub}\n"
            + "spec:\n"
            + "  ecrRepositoryPrefix: Hub\n"
            + "  upstreamRegistryUrl: registry-1.docker.io\n"
            + "  credentialArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf\n"
            + "  upstreamRegistri: docker-hub\n";
    CommandRun run = validateStdin(bad);
    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "spec.upstreamRegistri: unknown field; the fields here are credentialArn,"
                + " customRoleArn, deletionPolicy, ecrRepositoryPrefix, region, upstreamRegistry,"
                + " upstreamRegistryUrl, upstreamRepositoryPrefix"),
        run.outLines());
    CommandRun fixedField = validateStdin(bad.replace("upstreamRegistri:", "upstreamRegistry:"));
    assertEquals(1, fixedField.exitCode());
    assertEquals(2, fixedField.outLines().size(), fixedField.out());
    assertTrue(fixedField.outLines().get(0).startsWith("spec.ecrRepositoryPrefix: 'Hub'"));
    assertTrue(fixedField.outLines().get(1).startsWith("spec.credentialArn: "));
  }

  @Test
  void everyGoodSpecOfTheAdmissionCorpusIsValid() throws IOException {
    for (Path spec : corpus("good")) {
      CommandRun run = validate(spec.toString());
      assertEquals(0, run.exitCode(), spec + ": " + run.out());
    }
  }

  @Test
  void everySpecTheOperatorRefusesIsInvalid() throws IOException {
    for (Path spec : corpus("bad")) {
      if (Files.readAllLines(spec).stream().anyMatch(l -> l.startsWith("# operator: "))) {
        CommandRun run = validate(spec.toString());
        assertEquals(1, run.exitCode(), spec + ": " + run.out() + run.err());
      }
    }
  }

  @Test
  void aFileOfSeveralResourcesPrefixesEachProblemWithItsResource() {
    CommandRun run = validate(file("invalid.yaml"));

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "team-b/web: spec.region: 'europe' is not an AWS region name such as eu-west-1",
            "team-b/web: spec.lifecyclePolicy.rules[0].selection.countUnit: "
                + UNTAGGED_COUNT_UNIT),
        run.outLines());
    assertEquals(List.of(file("invalid.yaml") + ": 2 resources, 1 invalid"), run.errLines());
  }

  @Test
  void aSingleResourceIsNotPrefixed() {
    CommandRun run = validate(file("unknown-field.yaml"));

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "spec.lifecyclePolicy.rules[0].descripton: unknown field; the fields here are action,"
                + " description, rulePriority, selection"),
        run.outLines());
  }

  @Test
  void valuesOfTheWrongTypeAreProblems() {
    CommandRun text = validate(file("number-as-text.yaml"));
    assertEquals(1, text.exitCode());
    assertEquals(
        List.of("spec.lifecyclePolicy.rules[0].selection.countNumber: must be a whole number"),
        text.outLines());

    CommandRun huge =
        CommandRun.of(
            new ValidateCommand(stdin(repository("rulePriority: 3000000000", "countNumber: 1"))),
            "-");
    assertEquals(1, huge.exitCode());
    assertEquals(
        List.of(
            "spec.lifecyclePolicy.rules[0].rulePriority: is out of range: at most 2147483647 (ECR"
                + " stores a 32-bit integer)"),
        huge.outLines());

    CommandRun fraction =
        CommandRun.of(
            new ValidateCommand(stdin(repository("rulePriority: 1", "countNumber: 1.5"))), "-");
    assertEquals(
        List.of("spec.lifecyclePolicy.rules[0].selection.countNumber: must be a whole number"),
        fraction.outLines());
  }

  @Test
  void aNumberOrTrueIsNotAString() {
    CommandRun tag = validateSpec("{tags: {cost-center: 4711, team: payments}}");
    assertEquals(1, tag.exitCode());
    assertEquals(
        List.of("spec.tags[cost-center]: must be a string: quote it, \"4711\""), tag.outLines());

    CommandRun prefix =
        validateStdin(
            repository("rulePriority: 1", "countNumber: 1")
                .replace("tagStatus: untagged", "tagStatus: tagged, tagPrefixList: [true]"));
    assertEquals(
        List.of(
            "spec.lifecyclePolicy.rules[0].selection.tagPrefixList[0]: must be a string: quote it,"
                + " \"true\""),
        prefix.outLines());

    // Not the second value of the enum: the API server wants one of its strings.
    CommandRun deletion = validateSpec("{deletionPolicy: 1}");
    assertEquals(1, deletion.exitCode());
    assertEquals(
        List.of("spec.deletionPolicy: must be one of Retain, Delete"), deletion.outLines());
  }

  @Test
  void aTagWithoutAValueIsAProblemNamedByItsKeyNotACrash() {
    CommandRun run = validateSpec("{tags: {team: null, tier: gold}}");
    assertEquals(1, run.exitCode());
    assertEquals(
        List.of("spec.tags[team]: a tag value is a string of 0 to 256 characters, not null"),
        run.outLines());
  }

  @Test
  void everySpecTheApiServerRefusesForAValueOfTheWrongTypeIsInvalid() throws IOException {
    List<Path> typeErrors = new ArrayList<>();
    for (Path spec : corpus("bad")) {
      if (Files.readAllLines(spec).stream()
          .anyMatch(
              l -> l.startsWith("# admission: ") && l.contains(" in body must be of type "))) {
        typeErrors.add(spec);
        CommandRun run = validate(spec.toString());
        assertEquals(1, run.exitCode(), spec + ": " + run.out() + run.err());
      }
    }
    assertTrue(
        typeErrors.stream().anyMatch(s -> s.endsWith("tag-value-not-a-string.yaml")),
        typeErrors.toString());
  }

  @Test
  void theResourceItselfIsChecked() {
    String text =
        "apiVersion: ecr.operators.dev/v1\nkind: EcrRepository\nspec: {deletionPolicy: delete}\n";

    CommandRun run = CommandRun.of(new ValidateCommand(stdin(text)), "-");

    assertEquals(1, run.exitCode());
    assertEquals(
        List.of(
            "apiVersion: must be ecr.operators.dev/v1alpha1; found \"ecr.operators.dev/v1\"",
            "metadata.name: is required",
            "spec.deletionPolicy: must be one of Retain, Delete"),
        run.outLines());
  }

  @Test
  void aPolicyJsonIsCheckedAsEcrChecksIt() {
    CommandRun valid = validate(file("archive-policy.json"));
    assertEquals(0, valid.exitCode(), valid.out());
    assertEquals("", valid.out());
    assertEquals(
        List.of(file("archive-policy.json") + ": valid lifecycle policy"), valid.errLines());

    CommandRun invalid = validate(file("policy-invalid.json"));
    assertEquals(1, invalid.exitCode());
    assertEquals(
        List.of("rules[0].selection.countUnit: " + UNTAGGED_COUNT_UNIT), invalid.outLines());

    CommandRun repeatedKey =
        CommandRun.of(new ValidateCommand(stdin("{\"rules\": [], \"rules\": []}")), "-");
    assertEquals(1, repeatedKey.exitCode());
    assertTrue(repeatedKey.out().contains("Duplicate field 'rules'"), repeatedKey.out());
  }

  @Test
  void aJsonObjectThatIsNoManifestIsAPolicyAndEcrSaysItsRulesAreMissing() {
    CommandRun run = validateStdin("{\"no_rules\": \"x\"}");

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "$: the policy text is 17 characters long; ECR accepts 100 to 30720",
            "no_rules: unknown field; a lifecycle policy may only have rules",
            "rules: is required; add a \"rules\" list with at least one rule"),
        run.outLines());
    assertEquals(List.of("standard input: invalid lifecycle policy, 3 problems"), run.errLines());

    // A manifest that lacks its kind is still a manifest, as in YAML.
    CommandRun manifest =
        validateStdin("{\"apiVersion\": \"v1\", \"metadata\": {\"name\": \"x\"}}");
    assertEquals(2, manifest.exitCode());
    assertEquals("document 1 skipped: it has no kind", manifest.errLines().get(0));
  }

  @Test
  void aSharedPolicyIsCheckedAsTheOperatorChecksIt() {
    CommandRun valid = validate(file("shared-policy.yaml"));
    assertEquals(0, valid.exitCode(), valid.out());
    assertEquals("", valid.out());
    assertEquals(List.of(file("shared-policy.yaml") + ": 1 resource, all valid"), valid.errLines());

    CommandRun invalid = validate(file("shared-policy-invalid.yaml"));
    assertEquals(1, invalid.exitCode());
    assertEquals(
        List.of("spec.rules[0].selection.countUnit: " + UNTAGGED_COUNT_UNIT), invalid.outLines());
    assertEquals(
        List.of(file("shared-policy-invalid.yaml") + ": 1 resource, 1 invalid"),
        invalid.errLines());
  }

  @Test
  void aSharedPolicyIsReadStrictly() {
    assertEquals(
        List.of(
            "spec.rules[0].actoin: unknown field; the fields here are action, description,"
                + " rulePriority, selection"),
        validateStdin(sharedPolicy("", "countNumber: 1", "actoin: {type: expire}")).outLines());
    assertEquals(
        List.of("spec.rules[0].selection.countNumber: must be a whole number"),
        validateStdin(sharedPolicy("", "countNumber: \"1\"", "action: {type: expire}")).outLines());
    assertEquals(
        List.of(
            "metadata.annotations[ecr.operators.dev/is-default-policy]: must be a string: quote"
                + " it, \"true\""),
        validateStdin(
                sharedPolicy(
                    "  annotations: {ecr.operators.dev/is-default-policy: true}\n",
                    "countNumber: 1",
                    "action: {type: expire}"))
            .outLines());

    CommandRun repeatedKey =
        validateStdin(sharedPolicy("", "countNumber: 1, countNumber: 2", "action: {type: expire}"));
    assertEquals(2, repeatedKey.exitCode());
    assertTrue(repeatedKey.err().contains("Duplicate field 'countNumber'"), repeatedKey.err());
  }

  @Test
  void twoDefaultPoliciesInOneFileAreAProblemOfEach() {
    CommandRun run = validate(file("two-defaults.yaml"));

    assertEquals(1, run.exitCode());
    String annotation = "metadata.annotations[ecr.operators.dev/is-default-policy]: also set on ";
    String conflict =
        " in this file; no default applies while several policies are the default: keep it on"
            + " one";
    assertEquals(
        List.of(
            "org-default: " + annotation + "team-default" + conflict,
            "team-default: " + annotation + "org-default" + conflict),
        run.outLines());
    assertEquals(List.of(file("two-defaults.yaml") + ": 2 resources, 2 invalid"), run.errLines());
  }

  @Test
  void aReferenceToAPolicyTheFileDoesNotHoldIsResolvedInTheCluster() {
    CommandRun run = validate(file("shared-policies.yaml"));

    assertEquals(0, run.exitCode(), run.out());
    assertEquals("", run.out());
    assertEquals(
        List.of(file("shared-policies.yaml") + ": 5 resources, all valid"), run.errLines());
  }

  @Test
  void readsStandardInput() throws IOException {
    InputStream policy = Files.newInputStream(Path.of(file("policy-invalid.json")));

    CommandRun run = CommandRun.of(new ValidateCommand(policy), "-");

    assertEquals(1, run.exitCode());
    assertEquals(List.of("rules[0].selection.countUnit: " + UNTAGGED_COUNT_UNIT), run.outLines());
    assertEquals(List.of("standard input: invalid lifecycle policy, 1 problem"), run.errLines());
  }

  @Test
  void aFileThatCannotBeUsedExitsWithTwo() {
    CommandRun missing = validate(file("no-such-file.yaml"));
    assertEquals(2, missing.exitCode());
    assertEquals(List.of(file("no-such-file.yaml") + ": no such file"), missing.errLines());

    CommandRun notYaml = CommandRun.of(new ValidateCommand(stdin("a: b: c\n")), "-");
    assertEquals(2, notYaml.exitCode());
    assertTrue(
        notYaml.err().startsWith("standard input is not valid YAML at line 1"), notYaml.err());

    CommandRun notJson = CommandRun.of(new ValidateCommand(stdin("{\"rules\": [")), "-");
    assertEquals(2, notJson.exitCode());
    assertTrue(notJson.err().startsWith("standard input is not valid JSON"), notJson.err());

    CommandRun binary =
        CommandRun.of(new ValidateCommand(new ByteArrayInputStream(new byte[] {(byte) 0xff})), "-");
    assertEquals(2, binary.exitCode());
    assertEquals(List.of("standard input is not UTF-8 text"), binary.errLines());

    CommandRun nothing =
        CommandRun.of(
            new ValidateCommand(stdin("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")),
            "-");
    assertEquals(2, nothing.exitCode());
    assertEquals(
        List.of(
            "document 1 skipped: kind ConfigMap is not EcrRepository, EcrLifecyclePolicy, EcrPullThroughCacheRule, EcrRepositoryCreationTemplate, EcrRegistry or EcrAccess",
            "standard input holds no EcrRepository, EcrLifecyclePolicy, EcrPullThroughCacheRule, EcrRepositoryCreationTemplate, EcrRegistry or EcrAccess and is not a lifecycle"
                + " policy"),
        nothing.errLines());

    CommandRun noFile = validate();
    assertEquals(2, noFile.exitCode());
    assertTrue(noFile.err().contains("Missing required parameter: 'FILE'"), noFile.err());
  }

  private static List<Path> corpus(String kind) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "admission", kind))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static CommandRun validate(String... args) {
    return CommandRun.of(new ValidateCommand(), args);
  }

  private static CommandRun validateStdin(String text) {
    return CommandRun.of(new ValidateCommand(stdin(text)), "-");
  }

  private static CommandRun validateSpec(String spec) {
    return validateStdin(
        "apiVersion: ecr.operators.dev/v1alpha1\nkind: EcrRepository\nmetadata: {name: web}\nspec: "
            + spec
            + "\n");
  }

  private static String sharedPolicy(String annotations, String countNumber, String action) {
    return "apiVersion: ecr.operators.dev/v1alpha1\nkind: EcrLifecyclePolicy\n"
        + "metadata:\n  name: weekly\n"
        + annotations
        + "spec:\n  rules:\n"
        + "    - selection: {tagStatus: any, countType: imageCountMoreThan, "
        + countNumber
        + "}\n      "
        + action
        + "\n";
  }

  private static String repository(String rulePriority, String countNumber) {
    return """
        apiVersion: ecr.operators.dev/v1alpha1
        kind: EcrRepository
        metadata: {name: web}
        spec:
          lifecyclePolicy:
            rules:
              - %s
                selection: {tagStatus: untagged, countType: imageCountMoreThan, %s}
                action: {type: expire}
        """
        .formatted(rulePriority, countNumber);
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
