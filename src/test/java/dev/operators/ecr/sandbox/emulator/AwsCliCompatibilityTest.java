package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI, when installed, treats the emulator as ECR. */
class AwsCliCompatibilityTest {
  private static final String REGION = "eu-west-1";
  private static final long CLI_TIMEOUT_SECONDS = 60;
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
    List<String> command = new ArrayList<>(List.of(cli.toString(), "ecr"));
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
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
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
}
