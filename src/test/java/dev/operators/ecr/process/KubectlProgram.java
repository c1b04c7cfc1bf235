package dev.operators.ecr.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kubectl the tests run: the system property {@code kubectl}, else the environment variable
 * {@code KUBECTL}, else {@code kubectl} on the PATH. It runs with a home of its own, so that
 * nothing of this machine's configuration ({@code ~/.kube}, {@code ~/.aws}) is read, and always
 * with an explicit kubeconfig.
 */
public record KubectlProgram(Path program, Path home) {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  /** What one command did. */
  public record Result(String command, int exitCode, String out, String err) {
    /** This result, or an AssertionError that shows the command and what it printed. */
    public Result orFail() {
      if (exitCode != 0) {
        throw new AssertionError(toString());
      }
      return this;
    }

    /**
     * The table kubectl printed, one map of column name to cell per row, cells cut where the
     * header's columns start (kubectl aligns them so).
     */
    public List<Map<String, String>> table() {
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        throw new AssertionError("no table in:\n" + this);
      }
      List<String> names = new ArrayList<>();
      List<Integer> starts = new ArrayList<>();
      Matcher column = Pattern.compile("\\S+").matcher(lines.get(0));
      while (column.find()) {
        names.add(column.group());
        starts.add(column.start());
      }
      List<Map<String, String>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          int from = Math.min(starts.get(i), line.length());
          int to =
              i + 1 < names.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
          row.put(names.get(i), line.substring(from, to).strip());
        }
        rows.add(row);
      }
      return rows;
    }

    @Override
    public String toString() {
      return command + " exited " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** The kubectl to test with, in a new home under {@code dir}; an AssertionError when none. */
  public static KubectlProgram locate(Path dir) {
    String named = System.getProperty("kubectl");
    if (named == null || named.isBlank()) {
      named = System.getenv("KUBECTL");
    }
    Path program = named == null || named.isBlank() ? onPath("kubectl") : Path.of(named);
    if (program == null || !Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new AssertionError(
          (named == null || named.isBlank()
                  ? "no kubectl on the PATH"
                  : named + " (from -Dkubectl or KUBECTL) is not an executable file")
              + ": these tests run the real kubectl against the sandbox's API. Install kubectl,"
              + " or name one with -Dkubectl=/path/to/kubectl or the environment variable KUBECTL.");
    }
    try {
      Path home = Files.createDirectories(dir.resolve("kubectl-home"));
      // A person's `kubectl` in printed commands is this one.
      Path bin = Files.createDirectories(home.resolve("bin"));
      Files.deleteIfExists(bin.resolve("kubectl"));
      Files.createSymbolicLink(bin.resolve("kubectl"), program.toAbsolutePath());
      KubectlProgram kubectl = new KubectlProgram(program.toAbsolutePath(), home);
      Result version =
          finish(
              kubectl.launch(List.of(program.toString(), "version", "--client"), Map.of()), LIMIT);
      System.out.println(
          "kubectl " + program + ": " + version.out().lines().findFirst().orElse(""));
      return kubectl;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process of {@link #start} or {@link #shell}, its output read as it comes. */
  public record Running(
      String command,
      Process process,
      CompletableFuture<Void> reading,
      StringBuffer out,
      StringBuffer err) {}

  /** Runs {@code kubectl --kubeconfig KUBECONFIG args}. */
  public Result run(Path kubeconfig, String... args) {
    return finish(start(kubeconfig, args), LIMIT);
  }

  /** Runs {@code kubectl --kubeconfig KUBECONFIG args} with {@code input} on its standard input. */
  public Result runWithInput(Path kubeconfig, String input, String... args) {
    Running running = start(kubeconfig, args);
    try (var stdin = running.process().getOutputStream()) {
      stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      end(running);
      throw new UncheckedIOException(e);
    }
    return finish(running, LIMIT);
  }

  /** Starts {@code kubectl --kubeconfig KUBECONFIG args}; the caller ends it or waits for it. */
  public Running start(Path kubeconfig, String... args) {
    List<String> command =
        new ArrayList<>(List.of(program.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return launch(command, Map.of());
  }

  /**
   * Starts a command line as a person types it into {@code sh}, with this kubectl as {@code
   * kubectl} and the tests' java as {@code java} first on the PATH, in the working directory of the
   * tests (the project's).
   */
  public Running shell(String line, Map<String, String> environment) {
    return launch(List.of("/bin/sh", "-c", line), environment);
  }

  /** Waits for a process of {@link #start} or {@link #shell} to end, at most {@code limit}. */
  public static Result finish(Running running, Duration limit) {
    try {
      if (!running.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        end(running);
        throw new AssertionError(
            running.command() + " did not end within " + limit + ":\n" + running.out());
      }
      running.reading().join();
      return new Result(
          running.command(),
          running.process().exitValue(),
          running.out().toString(),
          running.err().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(running);
      throw new IllegalStateException(e);
    }
  }

  /** Ends a process this started, and the processes it started. */
  public static void end(Running running) {
    Process process = running.process();
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Running launch(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k -> k.startsWith("KUBE") || k.startsWith("AWS_") || k.startsWith("ECR_OPERATOR_"));
    env.put("HOME", home.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put(
        "PATH",
        String.join(
            File.pathSeparator,
            home.resolve("bin").toString(),
            Path.of(System.getProperty("java.home"), "bin").toString(),
            System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    env.putAll(environment);
    try {
      Process process = builder.start();
      StringBuffer out = new StringBuffer();
      StringBuffer err = new StringBuffer();
      CompletableFuture<Void> reading =
          CompletableFuture.allOf(
              copy(process.getInputStream(), out), copy(process.getErrorStream(), err));
      return new Running(String.join(" ", command), process, reading, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // On a thread of its own: a process that runs on (an operator) must never block on its output.
  private static CompletableFuture<Void> copy(InputStream stream, StringBuffer into) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (var lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  into.append(line).append('\n');
                }
                done.complete(null);
              } catch (IOException e) {
                done.completeExceptionally(e);
              }
            },
            "process-output");
    reader.setDaemon(true);
    reader.start();
    return done;
  }

  /** The executable of that name on the PATH of the tests, or null. */
  public static Path onPath(String name) {
    String path = System.getenv("PATH");
    return path == null
        ? null
        : Stream.of(path.split(File.pathSeparator))
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
  }
}
