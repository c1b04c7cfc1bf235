package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.kube.Kubectl;
import dev.operators.ecr.kube.RealKubernetes;
import dev.operators.ecr.process.KubectlProgram.Result;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image, built from the Dockerfile by src/test/image/image.sh (a Debian base with a JRE made by
 * debootstrap, buildah) and started with podman the way k8s/deployment.yaml runs it: the image's
 * own user, a read-only root file system with an empty /tmp, no capabilities, the memory limit.
 * {@code run} against the real kube-apiserver and the ECR emulator (host network, loopback only)
 * answers its probes and makes a repository Ready; {@code sandbox} runs to its end with no network
 * at all. Profile image: {@code mvn -B verify -Pimage}.
 */
class ImageIT {
  private static final Path SCRIPT = Path.of("src", "test", "image", "image.sh");
  private static final Path LOGS = Path.of("target", "image");
  private static final String KUBECONFIG_IN_IMAGE = "/var/run/ecr-operator/kubeconfig";
  private static final String REGION = "eu-west-1";
  private static final String NAMESPACE = "image-it";
  private static final Duration WAIT = Duration.ofMinutes(2);

  private static final JsonNode POD =
      ShipFiles.installed("Deployment", "ecr-operator").at("/spec/template/spec");
  private static final JsonNode CONTAINER = POD.at("/containers/0");

  private static String image;
  private static String base;

  @BeforeAll
  static void build() throws IOException {
    Files.createDirectories(LOGS);
    Result built = script(Duration.ofMinutes(15), List.of("build")).orFail();
    System.out.print(built.out());
    image = printed(built, "image");
    base = printed(built, "base");
    assertTrue(built.out().contains("user: 65532:65532"), built.out());
  }

  @Test
  void runsAsItsUserOnAReadOnlyRootAndReconcilesAgainstTheRealApiServer() throws Exception {
    RealKubernetes kube = RealKubernetes.shared();
    Kubectl admin = kube.kubectl("admin");
    KubeFixtures.installOperatorPrerequisites(admin);
    String container = "ecr-operator-image-it-" + ProcessHandle.current().pid();
    int port = freePort();
    try (EcrEmulator ecr = new EcrEmulator().start();
        KubernetesClient client = kube.client("admin")) {
      List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", container));
      // The host's network: the API server and the emulator listen on its 127.0.0.1.
      run.addAll(List.of("--network", "host"));
      run.addAll(asTheDeploymentRunsIt());
      run.addAll(credentials());
      run.addAll(List.of("--volume", readableKubeconfig(kube) + ":" + KUBECONFIG_IN_IMAGE + ":ro"));
      run.add(image);
      run.addAll(
          List.of(
              "run",
              "--kubeconfig",
              KUBECONFIG_IN_IMAGE,
              "--aws-endpoint",
              ecr.endpoint().toString(),
              "--region",
              REGION,
              "--http-port",
              Integer.toString(port)));
      script(WAIT, run).orFail();
      try {
        Awaitility.await("/healthz answers 200")
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .failFast(
                "the container ended",
                () ->
                    !podman("inspect", "--format", "{{.State.Running}}", container)
                        .out()
                        .strip()
                        .equals("true"))
            .until(() -> status(port, "/healthz") == 200);
        Awaitility.await("/readyz answers 200")
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status(port, "/readyz") == 200);

        // PID 1 is the JVM, as the image's user and group, with no capability left.
        String status = podman("exec", container, "cat", "/proc/1/status").orFail().out();
        assertTrue(status.contains("Name:\tjava\n"), status);
        assertTrue(status.contains("Uid:\t65532\t65532\t65532\t65532\n"), status);
        assertTrue(status.contains("Gid:\t65532\t65532\t65532\t65532\n"), status);
        assertTrue(status.contains("CapEff:\t0000000000000000\n"), status);

        // A JVM with the entry point's flags sizes its heap from the container's memory limit.
        List<String> flags = new ArrayList<>(List.of("exec", container, "java"));
        flags.addAll(DockerfileTest.jvmFlags(Dockerfile.read(ShipFiles.DOCKERFILE)));
        flags.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        String printed = podman(flags.toArray(String[]::new)).orFail().out();
        long limit = Long.parseLong(megabytes(memoryLimit()).replace("m", "")) << 20;
        assertTrue(
            printed
                .lines()
                .anyMatch(l -> l.matches("\\s*size_t MaxHeapSize\\s+= " + limit * 3 / 4 + " .*")),
            "MaxHeapSize is not 75% of "
                + limit
                + ":\n"
                + printed.lines().filter(l -> l.contains("MaxHeapSize")).toList());

        // Nothing outside /tmp can be written, not even by the owner of the jar's folder.
        Result outside = podman("exec", container, "touch", "/opt/ecr-operator/written");
        assertNotEquals(0, outside.exitCode(), outside.toString());
        assertTrue(outside.err().contains("Read-only file system"), outside.toString());
        podman("exec", container, "touch", "/tmp/written").orFail();

        // And it does its work: a repository applied with kubectl is created in ECR and Ready.
        KubeFixtures.namespace(admin, NAMESPACE);
        admin
            .runWithInput(
                Serialization.asYaml(KubeFixtures.repository(NAMESPACE, "app", "Delete", 1)),
                "apply",
                "-f",
                "-")
            .orFail();
        Awaitility.await("the repository is Ready")
            .atMost(WAIT)
            .until(
                () -> {
                  EcrRepository r =
                      client
                          .resources(EcrRepository.class)
                          .inNamespace(NAMESPACE)
                          .withName("app")
                          .get();
                  return r != null && KubeFixtures.has(r, Conditions.READY, "True");
                });
        assertTrue(ecr.repository(REGION, NAMESPACE + "/app").isPresent());
        // The Deployment's environment asks for JSON logs: the image's entry point prints nothing
        // else (no JVM banner among them).
        String log = podman("logs", container).orFail().out();
        assertTrue(
            log.lines().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("{")),
            "a line that is not JSON:\n" + log);
      } finally {
        Files.writeString(LOGS.resolve("operator.log"), podman("logs", container).toString());
        podman("rm", "--force", container);
      }
    }
  }

  @Test
  void theSandboxRunsToItsEndInTheImage() throws IOException {
    List<String> run = new ArrayList<>(List.of("run", "--rm"));
    // Loopback only: the sandbox's API server, emulator and operator all live in its JVM.
    run.addAll(List.of("--network", "none"));
    run.addAll(asTheDeploymentRunsIt());
    run.addAll(List.of(image, "sandbox"));
    Result sandbox = script(Duration.ofMinutes(5), run);
    Files.writeString(LOGS.resolve("sandbox.log"), sandbox.toString());
    assertEquals(0, sandbox.exitCode(), sandbox.toString());
    List<String> lines = sandbox.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals("All checks held.", lines.get(lines.size() - 1), sandbox.toString());
    assertTrue(sandbox.out().contains("operator started"), sandbox.out());
  }

  /**
   * With no build argument but the bases, the jar is compiled in the build stage: buildah builds
   * it, and not the context's jar. No Maven image can be had here, so the build stage runs on the
   * JRE base, which has no {@code mvn}: the build fails exactly there.
   */
  @Test
  void byDefaultTheJarIsCompiledInTheBuildStage() {
    Result build =
        script(
            Duration.ofMinutes(5),
            List.of(
                "bud",
                "--build-arg",
                "BUILD_IMAGE=" + base,
                "--build-arg",
                "RUNTIME_IMAGE=" + base,
                "."));
    String printed = build.out() + build.err();
    assertNotEquals(0, build.exitCode(), build.toString());
    assertTrue(printed.contains(": FROM " + base + " AS build"), printed);
    assertTrue(printed.contains("RUN mvn -B -q dependency:go-offline"), printed);
    assertTrue(printed.contains("mvn: not found"), printed);
  }

  /**
   * podman run options for what k8s/deployment.yaml sets: a read-only root with its emptyDir
   * volumes as tmpfs of their size (and nothing else writable: no tmpfs of podman's own), every
   * capability dropped, no privilege escalation, its memory limit and its environment.
   */
  private static List<String> asTheDeploymentRunsIt() {
    JsonNode security = CONTAINER.path("securityContext");
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
    assertEquals("false", security.path("allowPrivilegeEscalation").asText());
    assertEquals("[\"ALL\"]", security.at("/capabilities/drop").toString());
    List<String> options =
        new ArrayList<>(
            List.of(
                "--read-only",
                "--read-only-tmpfs=false",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                megabytes(memoryLimit())));
    for (JsonNode mount : CONTAINER.path("volumeMounts")) {
      JsonNode volume = volume(mount.path("name").asText());
      assertTrue(volume.has("emptyDir"), "only emptyDir volumes are mounted: " + volume);
      options.addAll(
          List.of(
              "--tmpfs",
              mount.path("mountPath").asText()
                  + ":rw,size="
                  + megabytes(volume.at("/emptyDir/sizeLimit").asText())));
    }
    for (JsonNode variable : CONTAINER.path("env")) {
      String value;
      if (variable.has("value")) {
        value = variable.path("value").asText();
      } else {
        // The downward API's namespace: the one k8s/ installs into.
        assertEquals(
            "metadata.namespace",
            variable.at("/valueFrom/fieldRef/fieldPath").asText(),
            variable.toString());
        value = ShipFiles.NAMESPACE;
      }
      options.addAll(List.of("--env", variable.path("name").asText() + "=" + value));
    }
    return options;
  }

  /**
   * The operator's kubeconfig, readable by the image's user as a mounted Secret is (0644): the
   * launcher's own copy is its owner's only.
   */
  private static Path readableKubeconfig(RealKubernetes kube) throws IOException {
    Path copy = LOGS.resolve("kubeconfig").toAbsolutePath();
    Files.copy(
        kube.kubeconfig("operator"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(
        copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    return copy;
  }

  /** The value of the line {@code NAME: value} that image.sh printed. */
  private static String printed(Result built, String name) {
    return built
        .out()
        .lines()
        .filter(l -> l.startsWith(name + ": "))
        .map(l -> l.substring(name.length() + 2))
        .findFirst()
        .orElseThrow(() -> new AssertionError("image.sh printed no " + name + ":\n" + built));
  }

  private static String memoryLimit() {
    return CONTAINER.at("/resources/limits/memory").asText();
  }

  private static JsonNode volume(String name) {
    for (JsonNode volume : POD.path("volumes")) {
      if (name.equals(volume.path("name").asText())) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name + " in the Deployment");
  }

  /** A Kubernetes quantity in Mi as podman's {@code 64m}. */
  private static String megabytes(String quantity) {
    assertTrue(quantity.matches("\\d+Mi"), "a quantity in Mi: " + quantity);
    return quantity.substring(0, quantity.length() - 2) + "m";
  }

  /** The emulator's dummy credentials, as the environment of the pod would give real ones. */
  private static List<String> credentials() {
    var credentials = EmulatorClients.CREDENTIALS.resolveCredentials();
    return List.of(
        "--env",
        "AWS_ACCESS_KEY_ID=" + credentials.accessKeyId(),
        "--env",
        "AWS_SECRET_ACCESS_KEY=" + credentials.secretAccessKey(),
        "--env",
        "AWS_EC2_METADATA_DISABLED=true");
  }

  private static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Result podman(String... args) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    return script(WAIT, command);
  }

  /** Runs {@code image.sh ARGS} and waits for it, at most {@code limit}. */
  private static Result script(Duration limit, List<String> args) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(args);
    try {
      Path out = Files.createTempFile(LOGS.toAbsolutePath(), "out", ".txt");
      Path err = Files.createTempFile(LOGS.toAbsolutePath(), "err", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not end within " + limit);
        }
        return new Result(
            String.join(" ", command),
            process.exitValue(),
            Files.readString(out),
            Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
