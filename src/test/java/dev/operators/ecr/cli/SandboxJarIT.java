package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a user runs it: the packaged jar's {@code sandbox}. */
class SandboxJarIT {
  private static final Path JAR = Path.of("target", "ecr-operator.jar");

  @Test
  void holdKeepsBothServersUpForOtherClientsUntilStopped() throws Exception {
    assertTrue(Files.exists(JAR), JAR + " was not built");
    Path kubeconfig = Files.createTempDirectory("hold").resolve("kubeconfig");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "sandbox",
                "--hold",
                "--without-operator",
                "--kubeconfig",
                kubeconfig.toString())
            .redirectErrorStream(true)
            .start();
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      String ecrEndpoint = null;
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = lines.readLine()) != null && !line.startsWith("Press Ctrl-C")) {
        seen.append(line).append('\n');
        if (line.startsWith("ECR emulator")) {
          ecrEndpoint = line.substring(line.indexOf("http://")).trim();
        }
      }
      assertTrue(line != null, "the sandbox stopped before holding:\n" + seen);
      assertTrue(ecrEndpoint != null, seen.toString());

      // A separate Kubernetes client through the written kubeconfig sees the CRD.
      var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
      // Plain HTTP: HTTP/1.1, as the operator speaks to it (OperatorProcess).
      config.setHttp2Disable(true);
      try (var client =
          new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
        assertTrue(
            client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName("ecrrepositories.ecr.operators.dev")
                    .get()
                != null);
      }
      // A separate AWS SDK client uses the emulator as ECR.
      try (var ecr =
          EmulatorClients.client(
              java.net.URI.create(ecrEndpoint), software.amazon.awssdk.regions.Region.EU_WEST_1)) {
        ecr.createRepository(r -> r.repositoryName("held/repo"));
        assertEquals(
            "held/repo",
            ecr.describeRepositories(r -> r.repositoryNames("held/repo"))
                .repositories()
                .get(0)
                .repositoryName());
      }
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the sandbox did not stop on SIGTERM");
    }
    // The kubeconfig it was given is the user's: it stays.
    assertTrue(Files.exists(kubeconfig), kubeconfig + " was deleted");
  }

  @Test
  void theSandboxShowsEveryStepHoldingAndExitsZero() throws IOException, InterruptedException {
    assertTrue(Files.exists(JAR), JAR + " was not built");
    Path output = Files.createTempFile("sandbox", ".out");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "sandbox")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String text = Files.readString(output);
    assertTrue(finished, "the sandbox did not finish:\n" + text);
    assertEquals(0, process.exitValue(), text);
    assertTrue(text.contains("All checks held."), text);
    assertTrue(text.contains("[ok]   exactly one untagged image, the newest, is kept"), text);
    assertTrue(
        text.contains("[ok]   a policy deleted behind the operator's back is restored"), text);
    assertTrue(text.contains("[ok]   team-payments/payments-api is Ready"), text);
    // An old image in use: reported at risk, then protected, then released after the grace.
    for (String held :
        List.of(
            "Report mode names the image the Pod runs, and the Pod, as at risk",
            "a Warning Event says so",
            "Report mode changes nothing in ECR: the image in use is still untagged",
            "the image in use carries this cluster's protection tag, and an Event says so",
            "ECR's evaluation keeps one untagged image, and the image in use besides it",
            "the image out of use was kept for the grace period, then released",
            "exactly one untagged image is left, and no protection tag",
            "the bytes freed are those status.preview.expiringBytes announced")) {
      assertTrue(text.contains("[ok]   " + held), held + ":\n" + text);
    }
    assertTrue(text.contains("grace 3s)"), text);
    assertTrue(text.contains("no kubelet"), text);
    assertTrue(text.contains("ecr-operator.keep.sandbox."), text);
    assertTrue(text.contains("monthlySavings "), text);
    // The kubeconfig it wrote for itself names servers that are gone: it leaves none behind.
    Path written =
        Path.of(
            text.lines()
                .filter(l -> l.startsWith("kubeconfig:"))
                .findFirst()
                .orElseThrow()
                .substring("kubeconfig:".length())
                .strip());
    assertEquals("kubeconfig", written.getFileName().toString(), written.toString());
    assertFalse(Files.exists(written), written + " was left behind");
    assertFalse(Files.exists(written.getParent()), written.getParent() + " was left behind");
  }
}
