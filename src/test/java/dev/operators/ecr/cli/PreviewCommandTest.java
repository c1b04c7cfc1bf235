package dev.operators.ecr.cli;

import static dev.operators.ecr.cli.CommandRun.example;
import static dev.operators.ecr.cli.CommandRun.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.runtime.OperatorSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOW = "2026-11-27T00:00:00Z";

  /**
   * The founding example keeps the newest untagged image and expires the others, oldest first. No
   * image has a size or is said to be in use.
   */
  private static final String FOUNDING_PREVIEW =
      """
      {"results": [
        {"digest": "sha256:untagged-1", "tags": [], "action": "expire", "rulePriority": 1,
         "inUse": false},
        {"digest": "sha256:untagged-2", "tags": [], "action": "expire", "rulePriority": 1,
         "inUse": false},
        {"digest": "sha256:untagged-3", "tags": [], "action": "expire", "rulePriority": 1,
         "inUse": false}],
       "summary": {"expiring": 3, "transitioning": 0, "expiringBytes": 0, "transitioningBytes": 0,
        "imagesWithoutSize": 3, "inUseAtRisk": 0}}
      """;

  private static final String IDLE = "sha256:" + "2".repeat(64);
  private static final String ARCHIVED_LONG_AGO = "sha256:" + "3".repeat(64);
  private static final String IDLE_UNSIZED = "sha256:" + "5".repeat(64);

  @Test
  void theFoundingExampleKeepsOneUntaggedImage() throws IOException {
    CommandRun run =
        preview(
            "--policy",
            example("keep-one-untagged.yaml"),
            "--images",
            file("images.json"),
            "--now",
            NOW);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertEquals(JSON.readTree(FOUNDING_PREVIEW), JSON.readTree(run.out()));
  }

  @Test
  void aPolicyJsonArchivesIdleImagesAndExpiresLongArchivedOnes() throws IOException {
    CommandRun run =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("archive-images.json"),
            "--now",
            NOW);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        JSON.readTree(
            """
            {"results": [
              {"digest": "sha256:idle", "tags": ["v2"], "action": "transition", "rulePriority": 1,
               "inUse": false},
              {"digest": "sha256:archived-long-ago", "tags": ["v1"], "action": "expire",
               "rulePriority": 2, "inUse": false}],
             "summary": {"expiring": 1, "transitioning": 1, "expiringBytes": 0,
              "transitioningBytes": 0, "imagesWithoutSize": 2, "inUseAtRisk": 0}}
            """),
        JSON.readTree(run.out()));
  }

  @Test
  void withoutNowTheCurrentTimeIsUsed() throws IOException {
    // Counting images does not depend on the time: the same result as at a fixed moment.
    CommandRun run =
        preview("--policy", example("keep-one-untagged.yaml"), "--images", file("images.json"));

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(JSON.readTree(FOUNDING_PREVIEW), JSON.readTree(run.out()));
  }

  @Test
  void readsTheImagesFromStandardInput() throws IOException {
    InputStream images = Files.newInputStream(Path.of(file("images.json")));

    CommandRun run =
        CommandRun.of(
            new PreviewCommand(images),
            "--policy",
            example("keep-one-untagged.yaml"),
            "--images",
            "-",
            "--now",
            NOW);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(JSON.readTree(FOUNDING_PREVIEW), JSON.readTree(run.out()));
  }

  @Test
  void aSharedPolicyIsPreviewed() throws IOException {
    CommandRun run =
        preview(
            "--policy", file("shared-policy.yaml"), "--images", file("images.json"), "--now", NOW);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertEquals(JSON.readTree(FOUNDING_PREVIEW), JSON.readTree(run.out()));
  }

  @Test
  void aRepositoryIsPreviewedWithThePolicyItReferencesInTheSameFile() throws IOException {
    CommandRun run =
        preview(
            "--policy",
            file("repository-and-policy.yaml"),
            "--images",
            file("images.json"),
            "--now",
            NOW);

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertEquals(JSON.readTree(FOUNDING_PREVIEW), JSON.readTree(run.out()));
  }

  @Test
  void aReferencedPolicyMustBeInTheFileAndValid() throws IOException {
    String repository =
        "apiVersion: ecr.operators.dev/v1alpha1\nkind: EcrRepository\n"
            + "metadata: {name: web, namespace: team}\nspec: {lifecyclePolicyRef: {name: weekly}}\n";

    CommandRun missing =
        CommandRun.of(
            new PreviewCommand(stdin(repository)),
            "--policy",
            "-",
            "--images",
            file("images.json"));
    assertEquals(2, missing.exitCode());
    assertEquals(
        List.of(
            "team/web in standard input uses EcrLifecyclePolicy weekly, which standard input does"
                + " not hold; add it, or preview the policy itself"),
        missing.errLines());

    String withInvalid =
        repository + "---\n" + Files.readString(Path.of(file("shared-policy-invalid.yaml")));
    CommandRun invalid =
        CommandRun.of(
            new PreviewCommand(stdin(withInvalid)),
            "--policy",
            "-",
            "--images",
            file("images.json"));
    assertEquals(1, invalid.exitCode());
    assertEquals("", invalid.out());
    assertEquals(1, invalid.errLines().size(), invalid.err());
    assertTrue(
        invalid.err().startsWith("weekly: spec.rules[0].selection.countUnit: "), invalid.err());
  }

  @Test
  void anInvalidPolicyExitsWithOne() {
    CommandRun json =
        preview("--policy", file("policy-invalid.json"), "--images", file("images.json"));
    assertEquals(1, json.exitCode());
    assertEquals("", json.out());
    assertEquals(1, json.errLines().size(), json.err());
    assertTrue(json.err().startsWith("rules[0].selection.countUnit: "), json.err());

    CommandRun yaml =
        preview("--policy", file("unknown-field.yaml"), "--images", file("images.json"));
    assertEquals(1, yaml.exitCode());
    assertTrue(yaml.err().startsWith("spec.lifecyclePolicy.rules[0].descripton: "), yaml.err());
  }

  @Test
  void aPolicyFileWithoutExactlyOnePolicyExitsWithTwo() {
    CommandRun several = preview("--policy", file("several.yaml"), "--images", file("images.json"));
    assertEquals(2, several.exitCode());
    assertTrue(several.err().contains("holds 3 EcrRepository resources"), several.err());

    CommandRun policies =
        preview("--policy", file("two-defaults.yaml"), "--images", file("images.json"));
    assertEquals(2, policies.exitCode());
    assertTrue(
        policies.err().contains("holds 2 EcrLifecyclePolicy resources and no EcrRepository"),
        policies.err());

    String noPolicy =
        "apiVersion: ecr.operators.dev/v1alpha1\nkind: EcrRepository\n"
            + "metadata: {name: web, namespace: team}\nspec: {}\n";
    CommandRun none =
        CommandRun.of(
            new PreviewCommand(stdin(noPolicy)), "--policy", "-", "--images", file("images.json"));
    assertEquals(2, none.exitCode());
    assertEquals(
        List.of("team/web in standard input declares no lifecycle policy"), none.errLines());
  }

  @Test
  void aMalformedImageIsNamedByIndexAndField() {
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\"},"
            + " {\"digest\": \"sha256:b\", \"pushedAt\": \"yesterday\"}]",
        "standard input: images[1].pushedAt: must be an ISO-8601 instant such as"
            + " 2026-11-01T00:00:00Z; found \"yesterday\"");
    assertImagesRefused(
        "[{\"tags\": [\"v1\"], \"pushedAt\": \"2026-11-01T00:00:00Z\"}]",
        "standard input: images[0].digest: is required: a string such as \"sha256:...\"");
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\"}]",
        "standard input: images[0].pushedAt: is required: an instant such as"
            + " 2026-11-01T00:00:00Z");
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\", \"tags\": \"v1\"}]",
        "standard input: images[0].tags: must be a list of strings; [] for an untagged image");
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\","
            + " \"storageClass\": \"glacier\"}]",
        "standard input: images[0].storageClass: must be \"standard\" or \"archive\"; found"
            + " \"glacier\"");
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\", \"pushedat\": 1}]",
        "standard input: images[0].pushedat: unknown field; an image has digest, tags, pushedAt,"
            + " lastPulledAt, storageClass, archivedAt, lastActivatedAt");
    assertImagesRefused(
        "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\"},"
            + " {\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-02T00:00:00Z\"}]",
        "standard input: images[1].digest: is also the digest of [0]");
    assertImagesRefused(
        "{\"digest\": \"sha256:a\"}",
        "standard input must be a JSON array of images, such as [{\"digest\": ..., \"pushedAt\":"
            + " ...}]");
    assertImagesRefused("[{", "standard input is not valid JSON: ");
  }

  @Test
  void unusableArgumentsExitWithTwo() {
    CommandRun badNow =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("images.json"),
            "--now",
            "tomorrow");
    assertEquals(2, badNow.exitCode());
    assertTrue(badNow.err().contains("--now"), badNow.err());

    CommandRun bothStdin = preview("--policy", "-", "--images", "-");
    assertEquals(2, bothStdin.exitCode());
    assertEquals(
        List.of("only one of --policy and --images can read standard input"), bothStdin.errLines());

    CommandRun noImages = preview("--policy", file("archive-policy.json"));
    assertEquals(2, noImages.exitCode());
    assertTrue(noImages.err().contains("Missing required option: '--images=I'"), noImages.err());
  }

  @Test
  void imagesInUseAndTheBytesAtStakeAreShown() throws IOException {
    // Archived images count in expiringBytes (the archive storage they free); images moved to
    // archive in transitioningBytes; an image without a size in neither.
    assertPrints(
        """
        {"results": [
          {"digest": "%s", "tags": ["v2"], "action": "transition", "rulePriority": 1,
           "inUse": true},
          {"digest": "%s", "tags": ["v4"], "action": "transition", "rulePriority": 1,
           "inUse": false},
          {"digest": "%s", "tags": ["v1"], "action": "expire", "rulePriority": 2,
           "inUse": true}],
         "summary": {"expiring": 1, "transitioning": 2, "expiringBytes": 300,
          "transitioningBytes": 200, "imagesWithoutSize": 1, "inUseAtRisk": 2}}
        """
            .formatted(IDLE, IDLE_UNSIZED, ARCHIVED_LONG_AGO),
        previewSized());
  }

  @Test
  void protectingImagesInUsePreviewsThePolicyTheOperatorApplies() throws IOException {
    // The idle image in use carries its protection tag and the protection rule keeps it; the
    // user's rules act one priority later. The archived image in use cannot be protected: the
    // protection rule counts standard images only, so it is still at risk.
    assertPrints(
        """
        {"results": [
          {"digest": "%s", "tags": ["v4"], "action": "transition", "rulePriority": 2,
           "inUse": false},
          {"digest": "%s", "tags": ["v1"], "action": "expire", "rulePriority": 3,
           "inUse": true}],
         "summary": {"expiring": 1, "transitioning": 1, "expiringBytes": 300,
          "transitioningBytes": 0, "imagesWithoutSize": 1, "inUseAtRisk": 1}}
        """
            .formatted(IDLE_UNSIZED, ARCHIVED_LONG_AGO),
        previewSized("--protect-in-use", "--cluster-name", "prod-eu"));
  }

  @Test
  void withoutClusterNameTheOperatorsDefaultNameIsUsed() throws IOException {
    // A protected image is never acted on, so its tag shows only where a pattern of the user's
    // matches it.
    String policy =
        "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"tagged\","
            + " \"tagPatternList\": [\"*.default.*\"], \"countType\": \"sinceImagePushed\","
            + " \"countUnit\": \"days\", \"countNumber\": 5}, \"action\": {\"type\": \"expire\"}}]}";
    String[] args = {
      "--policy",
      "-",
      "--images",
      file("sized-images.json"),
      "--in-use",
      file("in-use.txt"),
      "--protect-in-use",
      "--now",
      NOW
    };

    CommandRun byDefault = CommandRun.of(new PreviewCommand(stdin(policy)), args);
    assertEquals(0, byDefault.exitCode(), byDefault.err());
    assertEquals(1, byDefault.errLines().size(), byDefault.err());
    assertTrue(
        byDefault
            .err()
            .contains("(ecr-operator.keep." + OperatorSettings.DEFAULT_CLUSTER_NAME + ".*)"),
        byDefault.err());

    CommandRun named = protectInUse(policy);
    assertEquals(0, named.exitCode(), named.err());
    assertEquals("", named.err());
  }

  @Test
  void aPatternThatMatchesProtectionTagsIsAWarningAndFiftyRulesAProblem() throws IOException {
    String everything =
        "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"tagged\","
            + " \"tagPatternList\": [\"*\"], \"countType\": \"imageCountMoreThan\","
            + " \"countNumber\": 5}, \"action\": {\"type\": \"expire\"}}]}";
    CommandRun warned = protectInUse(everything);
    assertEquals(0, warned.exitCode(), warned.err());
    assertEquals(
        List.of(
            "warning: rules[rulePriority=1].selection.tagPatternList: \"*\" also matches this"
                + " cluster's protection tags (ecr-operator.keep.prod.*), so this rule selects"
                + " every image kept in use: they count among the 5 images it keeps, which leaves"
                + " room for fewer of the others; use a pattern that cannot match them"),
        warned.errLines());

    List<String> rules = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      rules.add(
          ("{\"rulePriority\": %d, \"selection\": {\"tagStatus\": \"tagged\", \"tagPatternList\":"
                  + " [\"team-%d-*\"], \"countType\": \"imageCountMoreThan\", \"countNumber\": 5},"
                  + " \"action\": {\"type\": \"expire\"}}")
              .formatted(i, i));
    }
    CommandRun refused = protectInUse("{\"rules\": [" + String.join(", ", rules) + "]}");
    assertEquals(1, refused.exitCode(), refused.err());
    assertEquals("", refused.out());
    assertEquals(
        List.of(
            "rules: has 50 rules, and ECR takes at most 50 (docs/ecr-semantics.md §V17): keeping"
                + " the images in use needs one more, so merge two rules or do not protect images"
                + " in use"),
        refused.errLines());
  }

  @Test
  void protectingNeedsTheImagesInUseAndAClusterName() {
    CommandRun noInUse =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("images.json"),
            "--protect-in-use");
    assertEquals(2, noInUse.exitCode());
    assertEquals(
        List.of("--protect-in-use needs --in-use FILE, the digests of the images to keep"),
        noInUse.errLines());

    CommandRun blank =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("images.json"),
            "--in-use",
            file("in-use.txt"),
            "--protect-in-use",
            "--cluster-name",
            " ");
    assertEquals(2, blank.exitCode());
    assertEquals(
        List.of(
            "--cluster-name must name the cluster whose protection tags to preview; it is empty"),
        blank.errLines());
  }

  @Test
  void aLineOfTheInUseFileThatIsNoDigestIsNamedByFileAndLine() throws IOException {
    Path inUse = Files.createTempFile("in-use", ".txt");
    Files.writeString(inUse, "# running\n\n" + IDLE + "\nsha256:1234 # short\n");

    CommandRun run =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("sized-images.json"),
            "--in-use",
            inUse.toString());

    assertEquals(2, run.exitCode());
    assertEquals("", run.out());
    assertEquals(
        List.of(
            inUse
                + ":4: \"sha256:1234\" is not an image digest: write sha256: and 64 hex digits, one"
                + " per line"),
        run.errLines());

    CommandRun missing =
        preview(
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("sized-images.json"),
            "--in-use",
            "no-such-file.txt");
    assertEquals(2, missing.exitCode());
    assertEquals(List.of("no-such-file.txt: no such file"), missing.errLines());
  }

  @Test
  void theDigestsInUseCanComeFromStandardInputWhenNothingElseDoes() throws IOException {
    CommandRun run =
        CommandRun.of(
            new PreviewCommand(stdin("sha256:" + "2".repeat(64) + "\n")),
            "--policy",
            file("archive-policy.json"),
            "--images",
            file("sized-images.json"),
            "--in-use",
            "-",
            "--now",
            NOW);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, JSON.readTree(run.out()).path("summary").path("inUseAtRisk").asInt());

    CommandRun both =
        preview("--policy", file("archive-policy.json"), "--images", "-", "--in-use", "-");
    assertEquals(2, both.exitCode());
    assertEquals(
        List.of("only one of --policy, --images and --in-use can read standard input"),
        both.errLines());
  }

  @Test
  void aSizeIsAWholeNumberOfBytes() {
    for (String size : List.of("-1", "1.5", "\"200\"", "true", "99999999999999999999")) {
      assertImagesRefused(
          "[{\"digest\": \"sha256:a\", \"pushedAt\": \"2026-11-01T00:00:00Z\", \"sizeInBytes\": "
              + size
              + "}]",
          "standard input: images[0].sizeInBytes: must be a whole number of bytes, 0 or more;"
              + " found "
              + size);
    }
  }

  /** The archive policy over the sized images, two of them in use, with more arguments. */
  private static CommandRun previewSized(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--policy",
                file("archive-policy.json"),
                "--images",
                file("sized-images.json"),
                "--in-use",
                file("in-use.txt"),
                "--now",
                NOW));
    args.addAll(List.of(more));
    return preview(args.toArray(String[]::new));
  }

  private static void assertPrints(String json, CommandRun run) throws IOException {
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertEquals(JSON.readTree(json), JSON.readTree(run.out()));
  }

  private static CommandRun protectInUse(String policy) throws IOException {
    return CommandRun.of(
        new PreviewCommand(stdin(policy)),
        "--policy",
        "-",
        "--images",
        file("sized-images.json"),
        "--in-use",
        file("in-use.txt"),
        "--protect-in-use",
        "--cluster-name",
        "prod",
        "--now",
        NOW);
  }

  private static void assertImagesRefused(String images, String message) {
    CommandRun run =
        CommandRun.of(
            new PreviewCommand(stdin(images)),
            "--policy",
            file("archive-policy.json"),
            "--images",
            "-",
            "--now",
            NOW);
    assertEquals(2, run.exitCode(), run.out());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith(message), "expected <" + message + "> in <" + run.err() + ">");
  }

  private static CommandRun preview(String... args) {
    return CommandRun.of(new PreviewCommand(), args);
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
