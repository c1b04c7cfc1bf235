package dev.operators.ecr.process;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar's {@code sandbox --hold --without-operator} as a process of its own: a
 * Kubernetes API and an ECR emulator on 127.0.0.1 for an operator started separately, as a user
 * would run them. Their state lives in this process, so killing the operator loses none of it.
 */
public final class SandboxServers implements AutoCloseable {
  public static final Path JAR = Path.of("target", "ecr-operator.jar");
  public static final String REGION = "eu-west-1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final Path kubeconfig;
  private final URI ecrEndpoint;
  private final Path log;
  private final EmulatorSideDoor sideDoor;

  private SandboxServers(Process process, Path kubeconfig, URI ecrEndpoint, Path log) {
    this.process = process;
    this.kubeconfig = kubeconfig;
    this.ecrEndpoint = ecrEndpoint;
    this.log = log;
    this.sideDoor = new EmulatorSideDoor(ecrEndpoint);
  }

  /**
   * @param ecrFaults the emulator's fault plan from the start, in {@code --ecr-faults} form; null
   *     for none
   * @param heap the sandbox JVM's maximum heap, e.g. {@code 2g}: the mock API server holds every
   *     object
   */
  public static SandboxServers start(Path workDir, String ecrFaults, String heap)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("--without-operator"));
    if (ecrFaults != null && !ecrFaults.isBlank()) {
      options.addAll(List.of("--ecr-faults", ecrFaults));
    }
    return start(workDir, heap, options, STARTUP);
  }

  /**
   * The sandbox as the README starts it, {@code sandbox --hold}: the whole scenario with its own
   * operator, then the servers held up with that operator still running.
   */
  public static SandboxServers startWithOperator(Path workDir)
      throws IOException, InterruptedException {
    return start(workDir, "512m", List.of(), STARTUP.multipliedBy(3));
  }

  private static SandboxServers start(
      Path workDir, String heap, List<String> options, Duration startup)
      throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " was not built: run mvn package first");
    }
    Files.createDirectories(workDir);
    Path kubeconfig = workDir.resolve("kubeconfig");
    Path log = workDir.resolve("sandbox.log");
    List<String> command = new ArrayList<>();
    command.add(Java.executable());
    command.add("-Xmx" + heap);
    command.addAll(List.of("-jar", JAR.toString(), "sandbox", "--hold"));
    command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    command.addAll(options);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + startup.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (text.contains("Press Ctrl-C")) {
        String ecr =
            text.lines()
                .filter(l -> l.startsWith("ECR emulator"))
                .map(l -> l.substring(l.indexOf("http://")).trim())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no ECR endpoint in:\n" + text));
        return new SandboxServers(process, kubeconfig, URI.create(ecr), log);
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the sandbox exited before holding:\n" + text);
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the sandbox did not hold within " + startup + ":\n" + Files.readString(log));
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public URI ecrEndpoint() {
    return ecrEndpoint;
  }

  public EmulatorSideDoor emulator() {
    return sideDoor;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** CPU time the servers' process has used so far. */
  public Duration cpu() {
    return ProcessCpu.of(process.pid());
  }

  public Path log() {
    return log;
  }

  /** The commands the sandbox printed for a person to try, as printed. */
  public List<String> printedCommands() throws IOException {
    List<String> lines = Files.readAllLines(log);
    int from = lines.indexOf("Holding the servers up. Try:");
    List<String> commands = new ArrayList<>();
    for (String line : lines.subList(from + 1, lines.size())) {
      if (!line.startsWith("  ")) {
        break;
      }
      commands.add(line.strip());
    }
    return commands;
  }

  /** A client of the sandbox's Kubernetes API; the caller closes it. */
  public KubernetesClient newClient() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      // Many requests at once from a test driver: do not queue them behind fabric8's default of 5
      // per host.
      config.setMaxConcurrentRequestsPerHost(64);
      config.setMaxConcurrentRequests(64);
      config.setRequestTimeout(60_000);
      config.setHttp2Disable(true);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
