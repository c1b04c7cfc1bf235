package dev.operators.ecr.runtime;

import static dev.operators.ecr.runtime.RuntimeFixtures.awaitReady;
import static dev.operators.ecr.runtime.RuntimeFixtures.get;
import static dev.operators.ecr.runtime.RuntimeFixtures.repository;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's {@code run}, as the Deployment starts it but against the mock API server and
 * the ECR emulator on loopback: JSON logs, the monitoring port, and a clean stop on SIGTERM.
 */
class RunJarIT {
  private static final Path JAR = Path.of("target", "ecr-operator.jar");

  @Test
  void runServesProbesLogsJsonAndStopsOnSigterm() throws Exception {
    assertTrue(Files.exists(JAR), JAR + " was not built");
    int port = freePort();
    List<String> stderr = new ArrayList<>();
    try (LocalKubernetesApi api = LocalKubernetesApi.start(0);
        EcrEmulator ecr = new EcrEmulator().start();
        KubernetesClient user = api.newClient()) {
      Path kubeconfig = api.writeKubeconfig(Files.createTempDirectory("run").resolve("kubeconfig"));
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              JAR.toString(),
              "run",
              "--kubeconfig",
              kubeconfig.toString(),
              "--aws-endpoint",
              ecr.endpoint().toString(),
              "--region",
              "eu-west-1",
              "--resync-period",
              "5s",
              "--http-port",
              String.valueOf(port));
      builder.environment().put("ECR_OPERATOR_LOG_FORMAT", "json");
      builder.environment().put("AWS_ACCESS_KEY_ID", "test");
      builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
      builder.environment().remove("AWS_PROFILE");
      builder.environment().remove("KUBECONFIG");
      Path log = Files.createTempFile("run", ".log");
      Process process =
          builder
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(log.toFile())
              .start();
      try {
        InetSocketAddress http = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> get(http, "/readyz").status() == 200);

        user.resource(repository("jar", "api")).create();
        awaitReady(user, "jar", "api");
        String metrics = get(http, "/metrics").body();
        assertTrue(
            metrics.contains(
                "ecr_operator_ecr_calls_total{operation=\"CreateRepository\",outcome=\"ok\"}"),
            metrics);
      } finally {
        process.destroy();
        boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
        if (!stopped) {
          process.destroyForcibly();
        }
        stderr.addAll(Files.readAllLines(log));
        assertTrue(stopped, "run did not stop on SIGTERM:\n" + String.join("\n", stderr));
      }
    }

    // Every line the operator wrote is one JSON object; the stop was logged, so the hook ran.
    ObjectMapper json = new ObjectMapper();
    List<String> messages = new ArrayList<>();
    for (String line : stderr) {
      JsonNode event = json.readTree(line);
      assertTrue(event.has("level") && event.has("timestamp") && event.has("loggerName"), line);
      messages.add(event.get("formattedMessage").asText());
    }
    assertTrue(
        messages.stream().anyMatch(m -> m.startsWith("ecr-operator running")), stderr.toString());
    assertTrue(
        messages.contains("jar/api: created ECR repository eu-west-1/jar/api"), stderr.toString());
    assertTrue(messages.contains("ecr-operator stopping"), stderr.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
