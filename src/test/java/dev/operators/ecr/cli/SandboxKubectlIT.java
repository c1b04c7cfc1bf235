package dev.operators.ecr.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.process.KubectlProgram;
import dev.operators.ecr.process.KubectlProgram.Result;
import dev.operators.ecr.process.KubectlProgram.Running;
import dev.operators.ecr.process.SandboxServers;
import dev.operators.ecr.sandbox.SandboxAccounts;
import dev.operators.ecr.sandbox.SandboxScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands {@code sandbox --hold} prints for a person to try, run as printed: kubectl (the real
 * one), the AWS CLI and curl where this machine has them, and the operator itself.
 */
class SandboxKubectlIT {
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
  // The operator's port for health and metrics: any free one, so that no other process's 8080
  // decides whether the printed command works here.
  private static final Map<String, String> ANY_HTTP_PORT = Map.of("ECR_OPERATOR_HTTP_PORT", "0");

  @TempDir Path dir;

  @Test
  void everyCommandTheHeldSandboxPrintsWorksAsPrinted() throws Exception {
    KubectlProgram kubectl = KubectlProgram.locate(dir);
    List<String> notOnPath = new ArrayList<>();
    try (SandboxServers sandbox = SandboxServers.startWithOperator(dir.resolve("sandbox"))) {
      List<String> commands = sandbox.printedCommands();
      assertEquals(
          List.of("kubectl", "aws", "aws", "aws", "curl", "java"),
          commands.stream().map(SandboxKubectlIT::program).toList(),
          "each printed command has its check here: " + commands);

      // The operator first: a second one beside the sandbox's, which must agree with it on who
      // owns each repository while the other commands run.
      Running operator = kubectl.shell(commands.get(5), ANY_HTTP_PORT);
      try {
        awaitLog(operator, "ecr-operator running");

        Result get =
            KubectlProgram.finish(kubectl.shell(commands.get(0), Map.of()), LIMIT).orFail();
        List<Map<String, String>> rows = get.table();
        assertEquals(
            List.of("NAMESPACE", "NAME", "AGE", "REASON", "READY", "POLICY", "REPOSITORY", "URI"),
            List.copyOf(rows.get(0).keySet()),
            get.toString());
        assertEquals(exampleRepositories(), rows.size(), get.toString());
        for (Map<String, String> row : rows) {
          assertEquals("True", row.get("READY"), get.toString());
          assertEquals("Synced", row.get("REASON"), get.toString());
          // The example served by an EcrAccess lives in the emulator's second account.
          String registry =
              row.get("NAMESPACE").equals(SandboxScenario.SECOND_NAMESPACE)
                  ? SandboxAccounts.SECOND_ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/"
                  : REGISTRY;
          assertEquals(registry + row.get("REPOSITORY"), row.get("URI"), get.toString());
        }
        Map<String, String> demo =
            rows.stream()
                .filter(r -> r.get("NAME").equals("payments-api"))
                .findFirst()
                .orElseThrow();
        assertEquals("team-payments", demo.get("NAMESPACE"), get.toString());
        assertEquals("19136b272e48", demo.get("POLICY"), get.toString());

        if (KubectlProgram.onPath("aws") == null) {
          notOnPath.add("aws");
        } else {
          Result aws =
              KubectlProgram.finish(kubectl.shell(commands.get(1), Map.of()), LIMIT).orFail();
          JsonNode repositories = new ObjectMapper().readTree(aws.out()).path("repositories");
          assertTrue(
              repositories
                  .findValuesAsText("repositoryName")
                  .contains("team-payments/payments-api"),
              aws.toString());
          secondAccountAsPrinted(kubectl, commands.get(2), commands.get(3));
        }

        if (KubectlProgram.onPath("curl") == null) {
          notOnPath.add("curl");
        } else {
          Result curl =
              KubectlProgram.finish(kubectl.shell(commands.get(4), Map.of()), LIMIT).orFail();
          assertTrue(new ObjectMapper().readTree(curl.out()).has("expired"), curl.toString());
        }

        assertTrue(operator.process().isAlive(), operator.out() + "\n" + operator.err());
        assertFalse(
            operator.err().toString().contains("OwnershipConflict"), operator.err().toString());
      } finally {
        KubectlProgram.end(operator);
      }
    }
    assumeTrue(notOnPath.isEmpty(), "not installed here, so not run as printed: " + notOnPath);
  }

  @Test
  void theOperatorItPrintsReconcilesWhatKubectlApplies() throws Exception {
    KubectlProgram kubectl = KubectlProgram.locate(dir);
    try (SandboxServers sandbox = SandboxServers.start(dir.resolve("sandbox"), null, "512m")) {
      Path kubeconfig = sandbox.kubeconfig();
      String run =
          sandbox.printedCommands().stream()
              .filter(c -> program(c).equals("java"))
              .findFirst()
              .orElseThrow();
      Running operator = kubectl.shell(run, ANY_HTTP_PORT);
      try {
        awaitLog(operator, "ecr-operator running");
        kubectl.run(kubeconfig, "apply", "-f", "k8s/examples/keep-one-untagged.yaml").orFail();
        Result wait =
            kubectl.run(
                kubeconfig,
                "wait",
                "--for=condition=Ready",
                "ecrrepo/payments-api",
                "-n",
                "team-payments",
                "--timeout=120s");

        assertEquals(0, wait.exitCode(), wait + "\n--- operator\n" + operator.out());
        Map<String, String> row =
            kubectl.run(kubeconfig, "get", "ecrrepo", "-A").orFail().table().get(0);
        assertEquals("payments-api", row.get("NAME"));
        assertEquals("True", row.get("READY"));
        assertEquals(REGISTRY + "team-payments/payments-api", row.get("URI"));
      } finally {
        KubectlProgram.end(operator);
      }
    }
  }

  /**
   * The role of the sandbox's second account, assumed as printed; then that account's repositories
   * listed with the credentials it returned, put where the printed command shows: the example that
   * its EcrAccess serves (k8s/examples/second-account.yaml), and none of the default account's.
   */
  private static void secondAccountAsPrinted(KubectlProgram kubectl, String assume, String list)
      throws IOException {
    Result assumed = KubectlProgram.finish(kubectl.shell(assume, Map.of()), LIMIT).orFail();
    JsonNode credentials = new ObjectMapper().readTree(assumed.out()).path("Credentials");
    assertEquals(
        "arn:aws:sts::"
            + SandboxAccounts.SECOND_ACCOUNT
            + ":assumed-role/ecr-operator-team-b/sandbox",
        new ObjectMapper().readTree(assumed.out()).path("AssumedRoleUser").path("Arn").asText(),
        assumed.toString());
    String filled =
        list.replace(SandboxCommand.ASSUMED_KEY_ID, credentials.path("AccessKeyId").asText())
            .replace(SandboxCommand.ASSUMED_SECRET, credentials.path("SecretAccessKey").asText())
            .replace(SandboxCommand.ASSUMED_TOKEN, credentials.path("SessionToken").asText());
    assertFalse(filled.contains("<"), filled);
    Result listed = KubectlProgram.finish(kubectl.shell(filled, Map.of()), LIMIT).orFail();
    assertEquals(
        List.of("team-search/search-api"),
        new ObjectMapper()
            .readTree(listed.out())
            .path("repositories")
            .findValuesAsText("repositoryName"),
        listed.toString());
  }

  // The EcrRepositories of k8s/examples, which the sandbox applies: one per document of that kind.
  private static long exampleRepositories() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("k8s", "examples"))) {
      long count = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        count += Files.readAllLines(file).stream().filter("kind: EcrRepository"::equals).count();
      }
      return count;
    }
  }

  // The operator logs to standard error.
  private static void awaitLog(Running running, String text) {
    try {
      await()
          .atMost(LIMIT)
          .until(() -> running.err().toString().contains(text) || !running.process().isAlive());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          running.command() + " did not log " + text + ":\n" + running.err(), e);
    }
    assertTrue(
        running.err().toString().contains(text),
        running.command() + " ended:\n" + running.out() + running.err());
  }

  // The program a printed command runs: its first word after any environment assignments.
  private static String program(String command) {
    return Arrays.stream(command.split(" "))
        .filter(word -> !word.matches("[A-Z_]+=.*"))
        .findFirst()
        .orElse("");
  }
}
