package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.policy.Image;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI, when installed, treats the emulator as ECR: repositories and lifecycle policies, the
 * image operations that protect an image in use (pull its manifest, tag it, untag it), pull-through
 * cache rules, repository creation templates and the registry's own settings.
 */
class AwsCliCompatibilityTest {
  private static final String REGION = "eu-west-1";
  private static final long CLI_TIMEOUT_SECONDS = 60;
  private static final String REPO = "team/app";
  private static final String IDS = "--image-ids";
  private static final String TAG = "--image-tag";
  private static final String A = "sha256:" + "a".repeat(64);
  private static final long SIZE_OF_A = 52_428_800;
  private static final String DOCKER_MANIFEST =
      """
      {
         "schemaVersion": 2,
         "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469,
            "digest": "sha256:%s"},
         "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "size": 3000000, "digest": "sha256:%s"}]
      }"""
          .formatted("c".repeat(64), "d".repeat(64));
  private static final String POLICY =
      """
      {
        "rules": [
          {
            "rulePriority": 1,
            "description": "Keep only one untagged image, expire all others",
            "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
            "action": {"type": "expire"}
          }
        ]
      }""";

  private static final Map<String, String> DUMMY_CREDENTIALS =
      Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");
  private static final String SECOND_ACCOUNT = "210987654321";

  private final EcrEmulator emulator = new EcrEmulator().start();

  @TempDir Path home;

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static Optional<Path> awsOnPath() {
    String path = System.getenv("PATH");
    return path == null
        ? Optional.empty()
        : Stream.of(path.split(File.pathSeparator))
            .map(dir -> Path.of(dir, "aws"))
            .filter(Files::isExecutable)
            .findFirst();
  }

  private record Result(int exitCode, String stdout, String stderr) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(stdout);
    }
  }

  /** Runs the CLI with dummy credentials and no profile, config or instance metadata. */
  private Result aws(Path cli, String... args) throws IOException, InterruptedException {
    return aws(cli, DUMMY_CREDENTIALS, "ecr", args);
  }

  /**
   * Runs the CLI's {@code service} command with the given {@code AWS_*} credential variables and no
   * profile, config or instance metadata.
   */
  private Result aws(Path cli, Map<String, String> credentials, String service, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(cli.toString(), service));
    command.addAll(List.of(args));
    command.addAll(
        List.of(
            "--endpoint-url",
            emulator.endpoint().toString(),
            "--region",
            REGION,
            "--output",
            "json"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    env.putAll(credentials);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_PAGER", "");
    Path out = home.resolve("stdout");
    Path err = home.resolve("stderr");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the CLI did not finish");
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void createsDescribesAndHoldsALifecyclePolicy() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");

    Result created = aws(cli.get(), "create-repository", "--repository-name", "team/app");
    Result described = aws(cli.get(), "describe-repositories", "--repository-names", "team/app");
    Result put =
        aws(
            cli.get(),
            "put-lifecycle-policy",
            "--repository-name",
            "team/app",
            "--lifecycle-policy-text",
            POLICY);
    Result got = aws(cli.get(), "get-lifecycle-policy", "--repository-name", "team/app");
    Result missing = aws(cli.get(), "describe-repositories", "--repository-names", "absent");

    assertEquals(0, created.exitCode(), created.stderr());
    assertEquals(
        "arn:aws:ecr:eu-west-1:123456789012:repository/team/app",
        created.json().path("repository").path("repositoryArn").asText());
    assertEquals(0, described.exitCode(), described.stderr());
    assertEquals(
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app",
        described.json().path("repositories").path(0).path("repositoryUri").asText());
    String minified = new ObjectMapper().readTree(POLICY).toString();
    assertEquals(0, put.exitCode(), put.stderr());
    assertEquals(minified, put.json().path("lifecyclePolicyText").asText());
    assertEquals(0, got.exitCode(), got.stderr());
    assertEquals(minified, got.json().path("lifecyclePolicyText").asText());
    assertEquals("team/app", got.json().path("repositoryName").asText());
    assertNotEquals(0, missing.exitCode());
    assertTrue(missing.stderr().contains("RepositoryNotFoundException"), missing.stderr());
  }

  @Test
  void pullsTagsAndUntagsImagesAsTheRetagRecipeDoes() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");
    Path aws = cli.get();
    Result created = inRepo(aws, "create-repository", "--image-tag-mutability", "IMMUTABLE");
    assertEquals(0, created.exitCode(), created.stderr());
    emulator.pushImage(REGION, REPO, Image.pushed(A, List.of("v1"), Instant.now()), SIZE_OF_A);
    Result pushed = inRepo(aws, "put-image", "--image-manifest", DOCKER_MANIFEST, TAG, "v2");
    assertEquals(0, pushed.exitCode(), pushed.stderr());
    String b = pushed.json().path("image").path("imageId").path("imageDigest").asText();

    Result pulled = inRepo(aws, "batch-get-image", IDS, "imageTag=v1");
    assertEquals(0, pulled.exitCode(), pulled.stderr());
    JsonNode image = pulled.json().path("images").path(0);
    assertEquals(A, image.path("imageId").path("imageDigest").asText());
    String manifest = image.path("imageManifest").asText();
    String type = image.path("imageManifestMediaType").asText();

    String[] retag = {
      "put-image", "--image-manifest", manifest, "--image-manifest-media-type", type, TAG, "keep-1"
    };
    Result tagged = inRepo(aws, retag);
    Result again = inRepo(aws, retag);
    Result moved = inRepo(aws, "put-image", "--image-manifest", DOCKER_MANIFEST, TAG, "v1");
    Result described = inRepo(aws, "describe-images", IDS, "imageTag=v1", "imageTag=v2");
    Result untagged = inRepo(aws, "batch-delete-image", IDS, "imageTag=keep-1");
    Result absent = inRepo(aws, "batch-delete-image", IDS, "imageTag=absent");
    Result lastTag = inRepo(aws, "batch-delete-image", IDS, "imageTag=v2");
    Result gone = inRepo(aws, "batch-get-image", IDS, "imageTag=v2");
    Result left = inRepo(aws, "describe-images");

    assertEquals(0, tagged.exitCode(), tagged.stderr());
    assertEquals(A, tagged.json().path("image").path("imageId").path("imageDigest").asText());
    assertNotEquals(0, again.exitCode());
    assertTrue(again.stderr().contains("ImageAlreadyExistsException"), again.stderr());
    assertNotEquals(0, moved.exitCode());
    assertTrue(moved.stderr().contains("ImageTagAlreadyExistsException"), moved.stderr());
    assertEquals(0, described.exitCode(), described.stderr());
    JsonNode detail = detailOf(described.json(), A);
    assertEquals(SIZE_OF_A, detail.path("imageSizeInBytes").asLong());
    assertEquals(1469 + 3_000_000, detailOf(described.json(), b).path("imageSizeInBytes").asLong());
    assertEquals(List.of("v1", "keep-1"), texts(detail.path("imageTags")));
    assertTrue(detail.path("lastRecordedPullTime").isNumber(), detail::toString);
    assertEquals(0, untagged.exitCode(), untagged.stderr());
    JsonNode removed = untagged.json().path("imageIds").path(0);
    assertEquals("keep-1", removed.path("imageTag").asText());
    assertEquals(A, removed.path("imageDigest").asText());
    assertEquals(0, absent.exitCode(), absent.stderr());
    assertEquals("ImageNotFound", failureCode(absent));
    assertEquals(0, lastTag.exitCode(), lastTag.stderr());
    assertEquals(b, lastTag.json().path("imageIds").path(0).path("imageDigest").asText());
    assertEquals("ImageNotFound", failureCode(gone));
    assertEquals(0, left.exitCode(), left.stderr());
    JsonNode images = left.json().path("imageDetails");
    assertEquals(1, images.size(), images::toString);
    assertEquals(List.of("v1"), texts(images.path(0).path("imageTags")));
  }

  @Test
  void createsDescribesValidatesAndDeletesAPullThroughCacheRule() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");
    Path aws = cli.get();
    String prefix = "--ecr-repository-prefix";

    Result created =
        aws(
            aws,
            "create-pull-through-cache-rule",
            prefix,
            "quay",
            "--upstream-registry-url",
            "quay.io");
    Result described = aws(aws, "describe-pull-through-cache-rules");
    emulator.upstreamUnreachable("quay.io");
    Result validated = aws(aws, "validate-pull-through-cache-rule", prefix, "quay");
    Result deleted = aws(aws, "delete-pull-through-cache-rule", prefix, "quay");
    Result gone =
        aws(aws, "describe-pull-through-cache-rules", "--ecr-repository-prefixes", "quay");

    assertEquals(0, created.exitCode(), created.stderr());
    assertEquals("quay", created.json().path("upstreamRegistry").asText());
    assertEquals(0, described.exitCode(), described.stderr());
    JsonNode rule = described.json().path("pullThroughCacheRules").path(0);
    assertEquals("quay", rule.path("ecrRepositoryPrefix").asText());
    assertEquals("quay.io", rule.path("upstreamRegistryUrl").asText());
    assertEquals(0, validated.exitCode(), validated.stderr());
    assertFalse(validated.json().path("isValid").asBoolean(true));
    assertTrue(validated.json().path("failure").asText().contains("quay.io"), validated.stdout());
    assertEquals(0, deleted.exitCode(), deleted.stderr());
    assertEquals("quay.io", deleted.json().path("upstreamRegistryUrl").asText());
    assertNotEquals(0, gone.exitCode());
    assertTrue(gone.stderr().contains("PullThroughCacheRuleNotFoundException"), gone.stderr());
  }

  @Test
  void createsDescribesAndDeletesARepositoryCreationTemplateThatCreatesOnPush() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");
    Path aws = cli.get();

    Result created =
        aws(
            aws,
            "create-repository-creation-template",
            "--prefix",
            "team",
            "--applied-for",
            "CREATE_ON_PUSH",
            "--lifecycle-policy",
            POLICY,
            "--resource-tags",
            "Key=team,Value=payments");
    Result described = aws(aws, "describe-repository-creation-templates", "--prefixes", "team");
    Result pushed = inRepo(aws, "put-image", "--image-manifest", DOCKER_MANIFEST, TAG, "v1");
    Result repository = aws(aws, "describe-repositories", "--repository-names", REPO);
    Result deleted = aws(aws, "delete-repository-creation-template", "--prefix", "team");
    Result again = aws(aws, "delete-repository-creation-template", "--prefix", "team");

    assertEquals(0, created.exitCode(), created.stderr());
    assertEquals(0, described.exitCode(), described.stderr());
    JsonNode template = described.json().path("repositoryCreationTemplates").path(0);
    assertEquals("team", template.path("prefix").asText());
    assertEquals(List.of("CREATE_ON_PUSH"), texts(template.path("appliedFor")));
    assertEquals(
        new ObjectMapper().readTree(POLICY).toString(), template.path("lifecyclePolicy").asText());
    assertEquals(0, pushed.exitCode(), pushed.stderr());
    assertEquals(0, repository.exitCode(), repository.stderr());
    assertEquals(
        Map.of("team", "payments"), emulator.repository(REGION, REPO).orElseThrow().tags());
    assertEquals(0, deleted.exitCode(), deleted.stderr());
    assertEquals("team", deleted.json().path("repositoryCreationTemplate").path("prefix").asText());
    assertNotEquals(0, again.exitCode());
    assertTrue(again.stderr().contains("TemplateNotFoundException"), again.stderr());
  }

  @Test
  void setsTheRegistrysOwnSettings() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");
    Path aws = cli.get();
    String replication =
        "{\"rules\": [{\"destinations\": [{\"region\": \"us-east-1\","
            + " \"registryId\": \"123456789012\"}],"
            + " \"repositoryFilters\": [{\"filter\": \"team\", \"filterType\": \"PREFIX_MATCH\"}]}]}";
    String scanRules =
        "[{\"scanFrequency\": \"CONTINUOUS_SCAN\","
            + " \"repositoryFilters\": [{\"filter\": \"prod-*\", \"filterType\": \"WILDCARD\"}]}]";
    String profile = "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release";
    String signing =
        "{\"rules\": [{\"signingProfileArn\": \""
            + profile
            + "\","
            + " \"repositoryFilters\": [{\"filter\": \"team/*\","
            + " \"filterType\": \"WILDCARD_MATCH\"}]}]}";
    String policy =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"replicate\","
            + " \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::210987654321:root\"},"
            + " \"Action\": [\"ecr:CreateRepository\", \"ecr:ReplicateImage\"]}]}";
    String role = "arn:aws:iam::123456789012:role/scanner";

    Result replicated =
        aws(aws, "put-replication-configuration", "--replication-configuration", replication);
    Result registry = aws(aws, "describe-registry");
    Result scanned =
        aws(
            aws,
            "put-registry-scanning-configuration",
            "--scan-type",
            "ENHANCED",
            "--rules",
            scanRules);
    Result scanning = aws(aws, "get-registry-scanning-configuration");
    Result noPolicy = aws(aws, "get-registry-policy");
    Result put = aws(aws, "put-registry-policy", "--policy-text", policy);
    Result got = aws(aws, "get-registry-policy");
    Result deleted = aws(aws, "delete-registry-policy");
    Result gone = aws(aws, "delete-registry-policy");
    Result signed = aws(aws, "put-signing-configuration", "--signing-configuration", signing);
    Result signingRead = aws(aws, "get-signing-configuration");
    Result registered = aws(aws, "register-pull-time-update-exclusion", "--principal-arn", role);
    Result twice = aws(aws, "register-pull-time-update-exclusion", "--principal-arn", role);
    Result listed = aws(aws, "list-pull-time-update-exclusions");

    ObjectMapper json = new ObjectMapper();
    assertEquals(0, replicated.exitCode(), replicated.stderr());
    assertEquals(0, registry.exitCode(), registry.stderr());
    assertEquals("123456789012", registry.json().path("registryId").asText());
    assertEquals(json.readTree(replication), registry.json().path("replicationConfiguration"));
    assertEquals(0, scanned.exitCode(), scanned.stderr());
    assertEquals(0, scanning.exitCode(), scanning.stderr());
    JsonNode scanningConfiguration = scanning.json().path("scanningConfiguration");
    assertEquals("ENHANCED", scanningConfiguration.path("scanType").asText());
    assertEquals(json.readTree(scanRules), scanningConfiguration.path("rules"));
    assertNotEquals(0, noPolicy.exitCode());
    assertTrue(noPolicy.stderr().contains("RegistryPolicyNotFoundException"), noPolicy.stderr());
    assertEquals(0, put.exitCode(), put.stderr());
    assertEquals(0, got.exitCode(), got.stderr());
    String stored = got.json().path("policyText").asText();
    assertEquals(json.readTree(policy), json.readTree(stored));
    assertEquals(0, deleted.exitCode(), deleted.stderr());
    assertEquals(stored, deleted.json().path("policyText").asText());
    assertTrue(gone.stderr().contains("RegistryPolicyNotFoundException"), gone.stderr());
    assertEquals(0, signed.exitCode(), signed.stderr());
    assertEquals(0, signingRead.exitCode(), signingRead.stderr());
    assertEquals(json.readTree(signing), signingRead.json().path("signingConfiguration"));
    assertEquals(0, registered.exitCode(), registered.stderr());
    assertEquals(role, registered.json().path("principalArn").asText());
    assertTrue(registered.json().path("createdAt").isNumber(), registered.stdout());
    assertNotEquals(0, twice.exitCode());
    assertTrue(twice.stderr().contains("ExclusionAlreadyExistsException"), twice.stderr());
    assertEquals(0, listed.exitCode(), listed.stderr());
    assertEquals(List.of(role), texts(listed.json().path("pullTimeUpdateExclusions")));
  }

  /** An {@code aws ecr} command on {@link #REPO}. */
  private Result inRepo(Path cli, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(1, List.of("--repository-name", REPO));
    return aws(cli, all.toArray(String[]::new));
  }

  private static String failureCode(Result result) throws IOException {
    return result.json().path("failures").path(0).path("failureCode").asText();
  }

  private static JsonNode detailOf(JsonNode describeImages, String digest) {
    for (JsonNode detail : describeImages.path("imageDetails")) {
      if (detail.path("imageDigest").asText().equals(digest)) {
        return detail;
      }
    }
    throw new AssertionError(digest + " is not in " + describeImages);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }

  @Test
  void assumesARoleOfAnotherAccountAndActsThere() throws Exception {
    Optional<Path> cli = awsOnPath();
    assumeTrue(cli.isPresent(), "the aws CLI is not installed");
    String roleArn = "arn:aws:iam::" + SECOND_ACCOUNT + ":role/team-b";
    emulator.createRole(roleArn, "team-b-id");
    assertEquals(
        0, aws(cli.get(), "create-repository", "--repository-name", "default-only").exitCode());

    Result assumed = assumeRole(cli.get(), roleArn, "--external-id", "team-b-id");
    assertEquals(0, assumed.exitCode(), assumed.stderr());
    JsonNode credentials = assumed.json().path("Credentials");
    assertTrue(credentials.path("AccessKeyId").asText().startsWith("ASIA"), assumed.stdout());
    assertEquals(
        "arn:aws:sts::" + SECOND_ACCOUNT + ":assumed-role/team-b/cli",
        assumed.json().path("AssumedRoleUser").path("Arn").asText());
    Map<String, String> session =
        Map.of(
            "AWS_ACCESS_KEY_ID", credentials.path("AccessKeyId").asText(),
            "AWS_SECRET_ACCESS_KEY", credentials.path("SecretAccessKey").asText(),
            "AWS_SESSION_TOKEN", credentials.path("SessionToken").asText());

    Result created =
        aws(cli.get(), session, "ecr", "create-repository", "--repository-name", "team-b/app");
    Result described = aws(cli.get(), session, "ecr", "describe-repositories");
    Result identity = aws(cli.get(), session, "sts", "get-caller-identity");
    Result own = aws(cli.get(), DUMMY_CREDENTIALS, "sts", "get-caller-identity");
    Result refused = assumeRole(cli.get(), roleArn);

    assertEquals(0, created.exitCode(), created.stderr());
    assertEquals(
        "arn:aws:ecr:eu-west-1:" + SECOND_ACCOUNT + ":repository/team-b/app",
        created.json().path("repository").path("repositoryArn").asText());
    assertEquals(0, described.exitCode(), described.stderr());
    assertEquals(
        List.of("team-b/app"),
        described.json().path("repositories").findValuesAsText("repositoryName"));
    assertEquals(0, identity.exitCode(), identity.stderr());
    assertEquals(SECOND_ACCOUNT, identity.json().path("Account").asText());
    assertEquals(0, own.exitCode(), own.stderr());
    assertEquals(EcrEmulator.DEFAULT_ACCOUNT_ID, own.json().path("Account").asText());
    assertNotEquals(0, refused.exitCode());
    assertTrue(refused.stderr().contains("AccessDenied"), refused.stderr());
    assertEquals(
        List.of("default-only"),
        emulator.repositories(REGION).stream().map(RepositorySnapshot::name).toList());
  }

  private Result assumeRole(Path cli, String roleArn, String... options)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of("assume-role", "--role-arn", roleArn, "--role-session-name", "cli"));
    args.addAll(List.of(options));
    return aws(cli, DUMMY_CREDENTIALS, "sts", args.toArray(String[]::new));
  }
}
