package dev.operators.ecr.kube;

import dev.operators.ecr.process.KubectlProgram;
import dev.operators.ecr.process.ProcessCpu;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kubernetes control plane for the tests: kube-apiserver and etcd built from the Kubernetes
 * Go modules (src/test/go/kube), started by its launcher on 127.0.0.1 with RBAC, the default
 * admission chain and one static-token kubeconfig per identity ({@code admin}, {@code operator}).
 *
 * <p>One instance serves every test of a run ({@link #shared()}); each test works in namespaces of
 * its own. The binaries come from the system property {@code kube.bin} (a folder), or are built
 * (once, then cached) by {@code src/test/go/kube/cluster.sh build}.
 */
public final class RealKubernetes implements AutoCloseable {
  public static final Path GO_MODULE = Path.of("src", "test", "go", "kube");
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static RealKubernetes shared;

  private final Process launcher;
  private final KubectlProgram kubectl;
  private final Map<String, String> facts;

  private RealKubernetes(Process launcher, KubectlProgram kubectl, Map<String, String> facts) {
    this.launcher = launcher;
    this.kubectl = kubectl;
    this.facts = facts;
  }

  /** The API server of this test run, started on first use and stopped when the JVM exits. */
  public static synchronized RealKubernetes shared() {
    if (shared == null) {
      try {
        shared = start(Path.of("target", "kube", "cluster-" + ProcessHandle.current().pid()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      RealKubernetes started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  /**
   * Starts a control plane keeping its state (certificates, etcd, logs, audit log) in {@code dir}.
   */
  public static RealKubernetes start(Path dir) throws IOException, InterruptedException {
    Path bin = binaries();
    Files.createDirectories(dir);
    List<String> command =
        List.of(
            bin.resolve("kube-launcher").toString(),
            "--dir",
            dir.toAbsolutePath().toString(),
            "--exit-with-stdin");
    Instant began = Instant.now();
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("launcher.log").toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Map<String, String>> ready =
        CompletableFuture.supplyAsync(
            () -> {
              Map<String, String> facts = new LinkedHashMap<>();
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  int colon = line.indexOf(": ");
                  if (colon > 0) {
                    facts.put(line.substring(0, colon), line.substring(colon + 2));
                  }
                  if (line.startsWith("ready: ")) {
                    return facts;
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              throw new IllegalStateException(
                  "kube-launcher ended before it was ready; see " + dir.resolve("launcher.log"));
            });
    Map<String, String> facts;
    try {
      facts = ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroy();
      throw new IllegalStateException(
          "the real API server did not start within "
              + STARTUP
              + "; see "
              + dir.resolve("launcher.log")
              + " and "
              + dir.resolve("kube-apiserver.log"),
          e);
    }
    // Keep reading, so that the launcher never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {}
              } catch (IOException e) {
                // the launcher ended
              }
            },
            "kube-launcher-output");
    drain.setDaemon(true);
    drain.start();
    System.out.printf(
        "real API server %s at %s, ready in %.1f s (%d ms here)%n",
        facts.get("kubernetes"),
        facts.get("endpoint"),
        Double.parseDouble(facts.get("ready")),
        Duration.between(began, Instant.now()).toMillis());
    // kubectl runs with a home of its own under dir: nothing of ~/.kube is read or written.
    Path home = Files.createDirectories(dir.resolve("kubectl-home"));
    return new RealKubernetes(
        process, new KubectlProgram(bin.resolve("kubectl").toAbsolutePath(), home), facts);
  }

  /**
   * The folder holding kube-launcher, kube-apiserver and kubectl: {@code -Dkube.bin}, or what
   * {@code cluster.sh build} prints (building them when its cache has none).
   */
  public static Path binaries() throws IOException, InterruptedException {
    String configured = System.getProperty("kube.bin");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Process build =
        new ProcessBuilder("bash", GO_MODULE.resolve("cluster.sh").toString(), "build")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (build.waitFor() != 0) {
      throw new IllegalStateException("cluster.sh build failed:\n" + output);
    }
    return output
        .lines()
        .filter(l -> l.startsWith("bin: "))
        .map(l -> Path.of(l.substring(5)))
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new IllegalStateException("cluster.sh build printed no bin:\n" + output));
  }

  /** CPU used so far by the launcher (with its etcd) and kube-apiserver. */
  public Duration cpu() {
    Duration total = ProcessCpu.of(launcher.pid());
    for (ProcessHandle child : launcher.descendants().toList()) {
      total = total.plus(ProcessCpu.of(child.pid()));
    }
    return total;
  }

  /** The version kube-apiserver reports, e.g. {@code v1.37.2}. */
  public String version() {
    return facts.get("kubernetes");
  }

  public String endpoint() {
    return facts.get("endpoint");
  }

  /** The kubeconfig of {@code admin} (system:masters) or {@code operator} (its ServiceAccount). */
  public Path kubeconfig(String identity) {
    String path = facts.get("kubeconfig " + identity);
    if (path == null) {
      throw new IllegalArgumentException("no identity " + identity + " in " + facts.keySet());
    }
    return Path.of(path);
  }

  /** The API server's audit log: one JSON event per request, with user, verb, URI and code. */
  public Path auditLog() {
    return Path.of(facts.get("audit"));
  }

  public Path apiserverLog() {
    return Path.of(facts.get("log"));
  }

  /** A client with {@code identity}'s kubeconfig and nothing from the environment. */
  public KubernetesClient client(String identity) {
    try {
      Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig(identity)), null);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl of the same release, as {@code identity}. */
  public Kubectl kubectl(String identity) {
    return new Kubectl(kubectl, kubeconfig(identity));
  }

  @Override
  public void close() {
    launcher.destroy();
    try {
      if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The launcher's lines ({@code key: value}) as it printed them. */
  public Map<String, String> facts() {
    return Map.copyOf(facts);
  }
}
