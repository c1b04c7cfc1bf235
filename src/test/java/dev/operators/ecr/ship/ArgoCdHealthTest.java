package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.status.Conditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health check ({@code k8s/argocd/ecrrepository-health.lua}) run by a real Lua 5.1
 * interpreter, the language version Argo CD's gopher-lua implements, on fixtures and on every
 * status the operator writes.
 */
class ArgoCdHealthTest {
  static final Path SCRIPT = ShipFiles.K8S.resolve("argocd").resolve("ecrrepository-health.lua");
  private static final Path CONFIG_MAP = ShipFiles.K8S.resolve("argocd").resolve("argocd-cm.yaml");
  private static final Path FIXTURES = Path.of("src", "test", "resources", "ship", "argocd");
  private static final String KEY_PREFIX = "resource.customizations.health.ecr.operators.dev_";

  @TempDir static Path work;

  record Outcome(String status, String message) {}

  @BeforeAll
  static void needsLua() {
    assumeTrue(
        Tools.onPath("lua5.1"),
        "lua5.1 is not installed here, so the Argo CD health script was not run"
            + " (.ci/run installs Debian's lua5.1; locally: apt-get install lua5.1)");
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("ready.json", "Healthy", "Synced: ECR repository"),
        Arguments.of("stalled.json", "Degraded", "AccessDenied: ECR CreateRepository failed"),
        Arguments.of("reconciling.json", "Progressing", "Throttled: ECR PutLifecyclePolicy"),
        Arguments.of("generation-lag.json", "Progressing", "apply generation 3 (observed: 2)"),
        Arguments.of(
            "stale-condition.json", "Progressing", "Updating: applying generation 2 to ECR"),
        Arguments.of("no-status.json", "Progressing", "Waiting for the operator"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("fixtures")
  void fixture(String file, String status, String message) throws Exception {
    Outcome outcome = run(ShipFiles.JSON.readTree(FIXTURES.resolve(file).toFile()));
    assertEquals(status, outcome.status());
    assertTrue(outcome.message().contains(message), outcome.message());
  }

  static List<StatusSamples.Sample> samples() {
    return StatusSamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyStatusTheOperatorWrites(StatusSamples.Sample sample) throws Exception {
    Outcome outcome = run(sample.json());
    String expected =
        switch (sample.health()) {
          case CURRENT -> "Healthy";
          case FAILED -> "Degraded";
          case IN_PROGRESS -> "Progressing";
          case PAUSED -> "Suspended"; // Argo CD's health for what a person suspended
        };
    assertEquals(expected, outcome.status(), sample.name() + ": " + outcome.message());
    if (sample.health() != StatusSamples.Health.IN_PROGRESS) {
      // The condition that decided says why, in its own words.
      String type =
          sample.health() == StatusSamples.Health.FAILED ? Conditions.STALLED : Conditions.READY;
      var condition = Conditions.find(sample.conditions(), type);
      assertEquals(condition.getReason() + ": " + condition.getMessage(), outcome.message());
    }
  }

  @Test
  void theArgoCdConfigMapCarriesTheSameScript() {
    List<JsonNode> documents = ShipFiles.documents(CONFIG_MAP);
    assertEquals(1, documents.size());
    JsonNode configMap = documents.get(0);
    assertEquals("ConfigMap", configMap.path("kind").asText());
    assertEquals("argocd-cm", configMap.at("/metadata/name").asText());
    // One key per kind the operator serves (crds/), each carrying the same script, and no other.
    java.util.Set<String> keys = new java.util.TreeSet<>();
    configMap.path("data").fieldNames().forEachRemaining(keys::add);
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (String kind : ShipFiles.crdKinds()) {
      expected.add(KEY_PREFIX + kind);
      assertEquals(
          ShipFiles.read(SCRIPT).strip(),
          configMap.path("data").path(KEY_PREFIX + kind).asText().strip(),
          kind);
    }
    assertEquals(expected, keys);
  }

  @Test
  void aReadyEcrRegistryIsHealthyAndAClaimedOneDegraded() throws Exception {
    var registry = ShipFiles.JSON.createObjectNode();
    registry.put("apiVersion", "ecr.operators.dev/v1alpha1").put("kind", "EcrRegistry");
    registry.putObject("metadata").put("name", "registry").put("generation", 2);
    var status = registry.putObject("status").put("observedGeneration", 2);
    var conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "Ready")
        .put("status", "True")
        .put("reason", "Synced")
        .put("message", "registry in eu-west-1 is as declared")
        .put("observedGeneration", 2);
    assertEquals(
        new Outcome("Healthy", "Synced: registry in eu-west-1 is as declared"), run(registry));

    conditions.removeAll();
    conditions
        .addObject()
        .put("type", "Ready")
        .put("status", "False")
        .put("reason", "ClaimedByAnother")
        .put("message", "EcrRegistry main already manages the registry in eu-west-1")
        .put("observedGeneration", 2);
    conditions
        .addObject()
        .put("type", "Stalled")
        .put("status", "True")
        .put("reason", "ClaimedByAnother")
        .put("message", "EcrRegistry main already manages the registry in eu-west-1")
        .put("observedGeneration", 2);
    Outcome claimed = run(registry);
    assertEquals("Degraded", claimed.status());
    assertTrue(claimed.message().startsWith("ClaimedByAnother: "), claimed.message());
  }

  private static Outcome run(JsonNode resource) throws IOException, InterruptedException {
    Path fixture = Files.createTempFile(work, "resource", ".lua");
    Files.writeString(fixture, LuaTable.chunk(resource));
    Path output = Files.createTempFile(work, "health", ".txt");
    Process process =
        new ProcessBuilder(
                "lua5.1",
                FIXTURES.resolve("harness.lua").toString(),
                SCRIPT.toString(),
                fixture.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lua5.1 did not finish");
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), String.join("\n", lines));
    assertEquals(2, lines.size(), String.join("\n", lines));
    return new Outcome(lines.get(0), lines.get(1));
  }
}
