package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.SettingStatusFactory;
import dev.operators.ecr.sync.SettingOutcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

  /** The kinds whose health the script tells: their conditions are written alike. */
  private static final List<String> KINDS =
      List.of("EcrRepository", "EcrRepositoryCreationTemplate");

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
        };
    assertEquals(expected, outcome.status(), sample.name() + ": " + outcome.message());
    if (sample.health() != StatusSamples.Health.IN_PROGRESS) {
      // The condition that decided says why, in its own words.
      String type =
          sample.health() == StatusSamples.Health.CURRENT ? Conditions.READY : Conditions.STALLED;
      var condition = Conditions.find(sample.resource().getStatus().getConditions(), type);
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
    for (String kind : KINDS) {
      assertEquals(
          ShipFiles.read(SCRIPT).strip(),
          configMap.path("data").path(KEY_PREFIX + kind).asText().strip(),
          kind);
    }
    assertEquals(KINDS.size(), configMap.path("data").size(), "one key per kind, no other");
  }

  static Stream<Arguments> templateStatuses() {
    SettingStatusFactory<EcrRepositoryCreationTemplateStatus> statuses =
        new SettingStatusFactory<>(EcrRepositoryCreationTemplateStatus.class);
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    EcrRepositoryCreationTemplate ready = template();
    ready.setStatus(
        statuses.synced(
            ready,
            new EcrRepositoryCreationTemplateStatus(),
            new SettingOutcome<>(SettingOutcome.Action.CREATED, List.of(), null, null),
            "repository creation template prod in eu-west-1",
            false,
            now));
    EcrRepositoryCreationTemplate stalled = template();
    stalled.setStatus(
        statuses.stalled(
            stalled, Reasons.POLICY_NOT_FOUND, "EcrLifecyclePolicy x does not exist", now));
    EcrRepositoryCreationTemplate retrying = template();
    retrying.setStatus(
        statuses.retrying(retrying, Reasons.THROTTLED, "ECR throttled the call", now));
    return Stream.of(
        Arguments.of("ready", ready, "Healthy", "Synced: repository creation template prod"),
        Arguments.of("stalled", stalled, "Degraded", "PolicyNotFound: EcrLifecyclePolicy x"),
        Arguments.of("retrying", retrying, "Progressing", "Throttled"));
  }

  private static EcrRepositoryCreationTemplate template() {
    EcrRepositoryCreationTemplate template = new EcrRepositoryCreationTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName("prod").withGeneration(2L).build());
    template.setStatus(null);
    return template;
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("templateStatuses")
  void aCreationTemplatesStatus(
      String name, EcrRepositoryCreationTemplate template, String status, String message)
      throws Exception {
    Outcome outcome = run(ShipFiles.JSON.valueToTree(template));
    assertEquals(status, outcome.status(), outcome.message());
    assertTrue(outcome.message().contains(message), outcome.message());
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
