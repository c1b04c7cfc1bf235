package dev.operators.ecr.bench;

import dev.operators.ecr.process.EmulatorSideDoor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The benchmark's figures, each with its target where the issue sets one, as Markdown. */
final class BenchmarkReport {
  static final double CONVERGENCE_TARGET = 1.25;
  static final long RSS_TARGET_BYTES = 160L * 1024 * 1024;
  static final Duration FIRST_RECONCILE_TARGET = Duration.ofSeconds(3);

  private final OperatorBenchmark.Settings settings;
  private final Map<String, List<String[]>> sections = new LinkedHashMap<>();
  private final List<String> callTables = new ArrayList<>();

  /** Kubernetes writes a new repository costs: its finalizer, one Event, its status. */
  static final int KUBERNETES_WRITES_PER_NEW_REPOSITORY = 3;

  private Duration apiServerWrite = Duration.ZERO;
  private long peakRss = -1;
  private long heapAfterGc = -1;

  BenchmarkReport(OperatorBenchmark.Settings settings) {
    this.settings = settings;
  }

  void put(String section, String name, String value) {
    put(section, name, value, "");
  }

  void put(String section, String name, String value, String target) {
    sections
        .computeIfAbsent(section, s -> new ArrayList<>())
        .add(new String[] {name, value, target});
  }

  /** The lower bound of convergence and what binds it. */
  Duration lowerBound() {
    int n = settings.resources();
    double calls = (double) OperatorBenchmark.CALLS_NEEDED_PER_NEW_REPOSITORY * n;
    double bound = calls * settings.latency().toMillis() / 1000.0 / threads();
    if (settings.awsCallsPerSecond() > 0) {
      bound = Math.max(bound, calls / settings.awsCallsPerSecond());
    }
    for (String entry : settings.ecrRateLimits().split(",")) {
      int eq = entry.indexOf('=');
      if (entry.startsWith("rate.") && eq > 0) {
        String op = entry.substring("rate.".length(), eq);
        if (op.equals("CreateRepository") || op.equals("PutLifecyclePolicy")) {
          bound = Math.max(bound, n / Double.parseDouble(entry.substring(eq + 1)));
        }
      }
    }
    return Duration.ofMillis(Math.round(bound * 1000));
  }

  /** Reconcile threads over every operator process: each has {@code --reconcile-threads}. */
  int threads() {
    return settings.reconcileThreads() * settings.instances();
  }

  /**
   * How fast the API server takes writes: the N resources were created from 16 threads in {@code
   * took}. The fabric8 mock handles one request at a time; a real API server takes them
   * concurrently, so there the figure is the time per write at 16 writers.
   */
  void apiServerWrites(Duration took) {
    apiServerWrite = took.dividedBy(settings.resources());
    put(
        "Kubernetes API server",
        "created " + settings.resources() + " EcrRepository resources (16 clients) in",
        OperatorBenchmark.seconds(took));
    put(
        "Kubernetes API server",
        "time per write (created / N)",
        String.format("%.2f ms", apiServerWrite.toNanos() / 1e6));
  }

  /** The time the API server needs for the writes of N new repositories, one after the other. */
  Duration apiServerBound() {
    return apiServerWrite.multipliedBy(
        (long) KUBERNETES_WRITES_PER_NEW_REPOSITORY * settings.resources());
  }

  void convergence(
      Duration toFirstPass,
      Duration toFirst,
      Duration toAll,
      Duration firstToAll,
      EmulatorSideDoor.Calls calls) {
    Duration bound = lowerBound();
    double ratio = toAll.toMillis() / (double) bound.toMillis();
    double ratioFromFirst = firstToAll.toMillis() / (double) bound.toMillis();
    String section = "Convergence of " + settings.resources() + " new repositories";
    put(
        section,
        "start of the operator process → first reconcile (a finalizer added)",
        OperatorBenchmark.seconds(toFirstPass),
        verdict(
            toFirstPass.compareTo(FIRST_RECONCILE_TARGET) <= 0,
            "< 3 s",
            toFirstPass,
            FIRST_RECONCILE_TARGET));
    put(
        section,
        "start → first repository created and its status written",
        OperatorBenchmark.seconds(toFirst));
    put(section, "start → all Ready", OperatorBenchmark.seconds(toAll));
    put(
        section,
        "lower bound: 2 calls × "
            + settings.latency().toMillis()
            + " ms × "
            + settings.resources()
            + " / "
            + threads()
            + " threads"
            + (settings.awsCallsPerSecond() > 0
                ? " (or 2N / " + settings.awsCallsPerSecond() + " calls/s if larger)"
                : ""),
        OperatorBenchmark.seconds(bound));
    put(
        section,
        "measured / bound, from process start",
        String.format("%.2f×", ratio),
        ratio <= CONVERGENCE_TARGET
            ? "≤ 1.25×: met"
            : String.format("≤ 1.25×: missed by %.0f%%", (ratio / CONVERGENCE_TARGET - 1) * 100));
    put(
        section,
        "measured / bound, from the first reconcile (JVM start-up and cache sync excluded)",
        String.format("%.2f×", ratioFromFirst),
        ratioFromFirst <= CONVERGENCE_TARGET
            ? "≤ 1.25×: met"
            : String.format(
                "≤ 1.25×: missed by %.0f%%", (ratioFromFirst / CONVERGENCE_TARGET - 1) * 100));
    Duration apiBound = apiServerBound();
    put(
        section,
        "API server bound: "
            + KUBERNETES_WRITES_PER_NEW_REPOSITORY
            + " writes × "
            + String.format("%.2f ms", apiServerWrite.toNanos() / 1e6)
            + " × "
            + settings.resources()
            + ", one at a time",
        OperatorBenchmark.seconds(apiBound));
    Duration binding = apiBound.compareTo(bound) > 0 ? apiBound : bound;
    put(
        section,
        "measured / the larger of the two bounds, from the first reconcile",
        String.format("%.2f×", firstToAll.toMillis() / (double) binding.toMillis()));
    put(section, "ECR calls per repository", perRepository(calls, 1), "");
    put(section, "ECR write calls per repository", per(calls.writes(), 1), "");
    callTables.add(callTable("convergence", calls, 1));
  }

  /** Where the machine's CPU went while the operator converged. */
  void cpu(Duration wall, Duration operator, Duration servers, Duration driver) {
    int cores = Runtime.getRuntime().availableProcessors();
    String section =
        "CPU while converging (" + cores + " cores × " + OperatorBenchmark.seconds(wall) + ")";
    double available = wall.toMillis() / 1000.0 * cores;
    put(section, "operator process", share(operator, available));
    put(section, "API server and ECR emulator", share(servers, available));
    put(
        section,
        "benchmark driver (creating nothing, watching every resource)",
        share(driver, available));
    // Everything runs on one machine: when the processes together keep every core busy, the
    // machine's CPU, not ECR's latency or the operator's threads, sets the pace.
    Duration all = operator.plus(servers).plus(driver);
    double busy = all.toMillis() / 1000.0 / available;
    put(
        section,
        "all processes: the machine's CPU bound (CPU-s / cores) and how busy it was",
        String.format(
            "%s (%.0f%% busy)", OperatorBenchmark.seconds(all.dividedBy(cores)), 100 * busy),
        busy >= 0.9 ? "CPU-bound" : "not CPU-bound: the time goes to waiting");
  }

  private static String share(Duration cpu, double available) {
    double seconds = cpu.toMillis() / 1000.0;
    return String.format("%.1f CPU-s (%.0f%% of the machine)", seconds, 100 * seconds / available);
  }

  void steadyState(Duration window, EmulatorSideDoor.Calls calls, List<Long> perPeriod) {
    String section =
        "Steady state: three resync periods (" + window.toSeconds() + " s), nothing changed";
    put(section, "ECR calls per repository per resync period", perRepository(calls, 3));
    put(
        section,
        "ECR calls in each period",
        String.join(" / ", perPeriod.stream().map(String::valueOf).toList()));
    put(
        section,
        "ECR write calls",
        Long.toString(calls.writes()),
        calls.writes() == 0 ? "0: met" : "0: missed");
    callTables.add(callTable("steady state, per resync period", calls, 3));
  }

  void restart(RestartRecheck.Result restart, long kubeWrites) {
    EmulatorSideDoor.Calls calls = restart.calls();
    String section = "Restart with all " + settings.resources() + " in sync (SIGTERM, start again)";
    put(section, "start → first ECR call", OperatorBenchmark.seconds(restart.toFirstCall()));
    put(
        section,
        "start → every repository rechecked",
        OperatorBenchmark.seconds(restart.toAllRechecked()));
    put(section, "ECR calls per repository until then", perRepository(calls, 1));
    put(
        section,
        "of those, resyncs come due before the last repository was reached: repositories read"
            + " again, calls beyond one per repository and operation (passes under way included)",
        String.format("%d, %d calls", restart.repeatedRechecks(), restart.repeatedCalls()));
    put(
        section,
        "ECR calls per repository for one recheck of each",
        per(calls.total() - restart.repeatedCalls(), 1),
        "");
    put(
        section,
        "ECR write calls",
        Long.toString(calls.writes()),
        calls.writes() == 0 ? "0: met" : "0: missed");
    put(section, "EcrRepository writes in Kubernetes", Long.toString(kubeWrites));
    callTables.add(callTable("restart", calls, 1));
  }

  void memory(String when, long rss, long heap) {
    peakRss = Math.max(peakRss, rss);
    if (heap >= 0) {
      heapAfterGc = heap;
    }
    String section = "Memory of the operator process";
    boolean big = settings.resources() >= 10_000;
    put(
        section,
        "peak RSS (VmHWM), " + when,
        mib(rss),
        big
            ? (rss <= RSS_TARGET_BYTES
                ? "<= 160 MiB at 10,000: met"
                : String.format("<= 160 MiB at 10,000: missed by %s", mib(rss - RSS_TARGET_BYTES)))
            : "");
    if (heap >= 0) {
      put(section, "heap used after a full GC, " + when, mib(heap));
    }
  }

  /** The resident set at a moment (VmRSS): what the process holds once settled. */
  void rss(String when, long rss) {
    put("Memory of the operator process", "RSS (VmRSS), " + when, mib(rss));
  }

  private static String verdict(boolean met, String target, Duration value, Duration limit) {
    return met
        ? target + ": met"
        : target + ": missed by " + OperatorBenchmark.seconds(value.minus(limit));
  }

  private String perRepository(EmulatorSideDoor.Calls calls, int periods) {
    return String.format(
        "%.2f (%d calls)", calls.total() / (double) settings.resources() / periods, calls.total());
  }

  private String per(long count, int periods) {
    return String.format("%.2f", count / (double) settings.resources() / periods);
  }

  private String callTable(String name, EmulatorSideDoor.Calls calls, int periods) {
    StringBuilder out = new StringBuilder();
    out.append("| ")
        .append(name)
        .append(" | calls | per repository | repositories named |\n|---|---|---|---|\n");
    new TreeMap<>(calls.byOperation())
        .forEach(
            (op, count) ->
                out.append(
                    String.format(
                        "| %s | %d | %.3f | %d |%n",
                        op,
                        count,
                        count / (double) settings.resources() / periods,
                        calls.repositories(op))));
    return out.toString();
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Operator benchmark: ").append(settings.resources()).append(" repositories\n\n");
    out.append("- ECR emulator: ").append(settings.faultPlan()).append('\n');
    out.append("- operator: --reconcile-threads ")
        .append(settings.reconcileThreads())
        .append(", --aws-calls-per-second ")
        .append(settings.awsCallsPerSecond())
        .append(", --resync-period ")
        .append(settings.resync().toSeconds())
        .append("s, --in-use-protection ")
        .append(settings.inUseProtection())
        .append('\n');
    if (settings.shards() > 0) {
      out.append("- operator instances: ")
          .append(settings.shards())
          .append(" shards and the default instance, each its own process with")
          .append(" --watch-label-selector, the repositories labelled round-robin; the operator's")
          .append(" CPU and memory are the sums over the processes\n");
    }
    if (settings.pods() > 0) {
      out.append("- Pods: ")
          .append(settings.pods())
          .append(", then ")
          .append(settings.podSamples())
          .append(" sample Pods; the benchmark writes each Pod's status as a kubelet would\n");
    }
    out.append("- operator JVM flags: ")
        .append(
            settings.jvmFlags().isEmpty()
                ? "(none: JVM defaults)"
                : String.join(" ", settings.jvmFlags()))
        .append('\n');
    String operatorJdk = System.getProperty("operator.javaHome", "");
    out.append("- operator JDK: ")
        .append(operatorJdk.isBlank() ? System.getProperty("java.home") : operatorJdk)
        .append('\n');
    out.append("- machine: ").append(machine()).append("\n\n");
    sections.forEach(
        (section, rows) -> {
          out.append("| ").append(section).append(" | value | target |\n|---|---|---|\n");
          for (String[] row : rows) {
            out.append("| ")
                .append(row[0])
                .append(" | ")
                .append(row[1])
                .append(" | ")
                .append(row[2])
                .append(" |\n");
          }
          out.append('\n');
        });
    callTables.forEach(t -> out.append(t).append('\n'));
    return out.toString();
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), Java "
        + System.getProperty("java.version");
  }
}
