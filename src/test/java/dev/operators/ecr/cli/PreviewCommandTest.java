package dev.operators.ecr.cli;

import static dev.operators.ecr.cli.CommandRun.example;
import static dev.operators.ecr.cli.CommandRun.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOW = "2026-11-27T00:00:00Z";

  /** The founding example keeps the newest untagged image and expires the others, oldest first. */
  private static final String FOUNDING_PREVIEW =
      """
      {"results": [
        {"digest": "sha256:untagged-1", "tags": [], "action": "expire", "rulePriority": 1},
        {"digest": "sha256:untagged-2", "tags": [], "action": "expire", "rulePriority": 1},
        {"digest": "sha256:untagged-3", "tags": [], "action": "expire", "rulePriority": 1}],
       "summary": {"expiring": 3, "transitioning": 0}}
      """;

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
              {"digest": "sha256:idle", "tags": ["v2"], "action": "transition", "rulePriority": 1},
              {"digest": "sha256:archived-long-ago", "tags": ["v1"], "action": "expire",
               "rulePriority": 2}],
             "summary": {"expiring": 1, "transitioning": 1}}
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
