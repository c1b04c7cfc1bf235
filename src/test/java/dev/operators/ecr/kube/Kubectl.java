package dev.operators.ecr.kube;

import dev.operators.ecr.process.KubectlProgram;
import dev.operators.ecr.process.KubectlProgram.Result;
import java.nio.file.Path;
import java.time.Duration;

/** A kubectl program bound to one kubeconfig (one identity of the real API server). */
public record Kubectl(KubectlProgram program, Path kubeconfig) {

  public Result run(String... args) {
    return program.run(kubeconfig, args);
  }

  /** Runs the command with {@code stdin} on its standard input (for {@code apply -f -}). */
  public Result runWithInput(String stdin, String... args) {
    return program.runWithInput(kubeconfig, stdin, args);
  }

  /** {@code kubectl auth can-i ARGS}: what the API server answers, {@code yes} or {@code no}. */
  public String canI(String... args) {
    String[] command = new String[args.length + 2];
    command[0] = "auth";
    command[1] = "can-i";
    System.arraycopy(args, 0, command, 2, args.length);
    return run(command).out().strip();
  }

  /**
   * Runs the command until it succeeds, at most {@code limit}: for what the API server publishes a
   * moment after a change, such as a new CRD's OpenAPI for {@code kubectl explain}.
   */
  public Result runUntilOk(Duration limit, String... args) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Result result = run(args);
      if (result.exitCode() == 0 || System.nanoTime() > deadline) {
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
}
