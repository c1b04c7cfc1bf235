package dev.operators.ecr.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process, started as production starts it: the packaged jar's {@code run}
 * with a kubeconfig and an ECR endpoint, credentials from the environment.
 */
public final class OperatorJvm {

  private final Process process;
  private final Instant startedAt;
  private final Path log;
  private volatile boolean killed;

  private OperatorJvm(Process process, Instant startedAt, Path log) {
    this.process = process;
    this.startedAt = startedAt;
    this.log = log;
  }

  /**
   * @param jvmFlags e.g. {@code -Xmx256m}
   * @param flags {@code run}'s flags beyond the kubeconfig, the endpoint and the region
   * @param log where its output goes (appended, so that restarts keep one log)
   */
  public static OperatorJvm start(
      SandboxServers servers, List<String> jvmFlags, List<String> flags, Path log) {
    return start(servers, jvmFlags, Map.of(), flags, log);
  }

  /**
   * @param environment added to the process's environment
   */
  public static OperatorJvm start(
      SandboxServers servers,
      List<String> jvmFlags,
      Map<String, String> environment,
      List<String> flags,
      Path log) {
    return start(servers.kubeconfig(), servers.ecrEndpoint(), jvmFlags, environment, flags, log);
  }

  /**
   * The operator against any Kubernetes API (a kubeconfig) and any ECR endpoint.
   *
   * @param environment added to the process's environment
   */
  public static OperatorJvm start(
      Path kubeconfig,
      java.net.URI ecrEndpoint,
      List<String> jvmFlags,
      Map<String, String> environment,
      List<String> flags,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Java.executable());
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", SandboxServers.JAR.toString(), "run"));
    command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of("--aws-endpoint", ecrEndpoint.toString()));
    command.addAll(List.of("--region", SandboxServers.REGION));
    command.addAll(flags);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ECR_OPERATOR_"));
    env.put("AWS_ACCESS_KEY_ID", "sandbox");
    env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.remove("KUBECONFIG");
    env.putAll(environment);
    try {
      Instant now = Instant.now();
      return new OperatorJvm(builder.start(), now, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Instant startedAt() {
    return startedAt;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** CPU time the process has used so far. */
  public java.time.Duration cpu() {
    return ProcessCpu.of(process.pid());
  }

  /** Whether it ended without being killed or stopped by the caller. */
  public boolean exitedOnItsOwn() {
    return !process.isAlive() && !killed;
  }

  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
  public void kill() throws InterruptedException {
    killed = true;
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes stops a pod; true when it ended in time. */
  public boolean stop() throws InterruptedException {
    killed = true;
    process.destroy();
    if (process.waitFor(30, TimeUnit.SECONDS)) {
      return true;
    }
    process.destroyForcibly();
    return false;
  }

  /** The resident set's high-water mark (VmHWM), in bytes; -1 when unreadable. */
  public long peakRssBytes() {
    return procStatus("VmHWM");
  }

  /** The resident set now (VmRSS), in bytes; -1 when unreadable. */
  public long rssBytes() {
    return procStatus("VmRSS");
  }

  private long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return -1;
  }

  /**
   * Runs a full GC in the process (jcmd GC.run) and returns the heap used after it (survivor, eden
   * and old spaces as jstat reports them), in bytes.
   */
  public long heapAfterGcBytes() throws IOException, InterruptedException {
    jcmd("GC.run");
    Process jstat =
        new ProcessBuilder(Java.tool("jstat"), "-gc", Long.toString(pid()))
            .redirectErrorStream(true)
            .start();
    String out =
        new String(jstat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    jstat.waitFor(60, TimeUnit.SECONDS);
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() < 2) {
      throw new IllegalStateException("unexpected jstat output:\n" + out);
    }
    List<String> names = List.of(lines.get(0).trim().split("\\s+"));
    String[] values = lines.get(1).trim().split("\\s+");
    double usedKb = 0;
    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
      usedKb += Double.parseDouble(values[names.indexOf(column)]);
    }
    return Math.round(usedKb * 1024);
  }

  /** The live objects by class, largest first (jcmd GC.class_histogram, after a full GC). */
  public String classHistogram() throws IOException, InterruptedException {
    return jcmd("GC.class_histogram");
  }

  /** The JVM's native memory summary (needs -XX:NativeMemoryTracking=summary). */
  public String nativeMemorySummary() throws IOException, InterruptedException {
    return jcmd("VM.native_memory summary");
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(Java.tool("jcmd"), Long.toString(pid())));
    args.addAll(List.of(command.split(" ")));
    Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out =
        new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  public Path log() {
    return log;
  }
}
