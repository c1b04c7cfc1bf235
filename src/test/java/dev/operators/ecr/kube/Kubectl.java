package dev.operators.ecr.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The kubectl program with one kubeconfig, and nothing else from the environment. */
public record Kubectl(Path program, Path kubeconfig) {

  /** What one kubectl command did. */
  public record Result(List<String> command, int exitCode, String out, String err) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** This result, or an AssertionError that shows the command and what it printed. */
    public Result orFail() {
      if (!ok()) {
        throw new AssertionError(this.toString());
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + " exited "
          + exitCode
          + "\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /**
   * Runs the command until it succeeds, at most {@code limit}: for what the API server publishes a
   * moment after a change, such as a new CRD's OpenAPI for {@code kubectl explain}.
   */
  public Result runUntilOk(java.time.Duration limit, String... args) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Result result = run(args);
      if (result.ok() || System.nanoTime() > deadline) {
        return result;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
    }
  }

  /** Runs {@code kubectl --kubeconfig K args}, feeding {@code stdin} when not null. */
  public Result runWithInput(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of(program.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.remove("KUBECONFIG");
    // Discovery is cached under target/, never in the home directory.
    env.put("KUBECACHEDIR", Path.of("target", "kube", "kubectl-cache").toAbsolutePath().toString());
    try {
      Process process = builder.start();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      CompletableFuture<String> out =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
      }
      return new Result(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
