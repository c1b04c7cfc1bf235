package dev.operators.ecr.bench;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.process.ApiServer;
import dev.operators.ecr.process.EmulatorSideDoor;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.process.Resources;
import dev.operators.ecr.process.SandboxServers;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The scale benchmark: the operator as its own process, with its production {@code run} path,
 * against the sandbox's Kubernetes API and the ECR emulator with a fixed latency per call. It
 * measures convergence of N new repositories against the physical lower bound, the ECR calls of
 * convergence and of the steady state, memory, start-up, and a restart with everything in sync.
 *
 * <p>Run with {@code mvn -B verify -Pbench} (see docs/benchmarks.md); settings are system
 * properties {@code bench.*}, see {@link Settings#fromSystemProperties()}.
 */
public final class OperatorBenchmark {

  /**
   * @param resources N
   * @param latency the emulator's latency per ECR call
   * @param ecrRateLimits emulator rate limits, e.g. {@code rate.CreateRepository=50}; may be empty
   * @param reconcileThreads {@code --reconcile-threads}
   * @param awsCallsPerSecond {@code --aws-calls-per-second} (0: no client-side limit)
   * @param resync {@code --resync-period}
   * @param jvmFlags the operator JVM's flags
   * @param environment added to the operator process's environment (e.g. MALLOC_ARENA_MAX)
   * @param memoryOnly stop after convergence and the memory figures
   * @param steadyState measure the three resync periods of the steady state (false: go from
   *     convergence to the restart, for a run that only wants the restart's figures)
   * @param apiServer {@code mock} (the sandbox's stand-in) or {@code real} (kube-apiserver)
   * @param inUseProtection the operator's {@code --in-use-protection}: off, report or protect
   * @param pods Pods started after convergence, over min(N, 1,000) repositories (0: none); only
   *     against the real API server, see {@link PodScenario}
   * @param podSamples Pods started one at a time after those, to time the operator learning that a
   *     started Pod's image is in use
   * @param shards 0: one operator instance takes every repository; 2 or more: that many shard
   *     instances and the default instance, each with its {@code --watch-label-selector}, the
   *     repositories labelled round-robin for each shard and none (docs/design.md, "Shards")
   */
  public record Settings(
      int resources,
      Duration latency,
      String ecrRateLimits,
      int reconcileThreads,
      double awsCallsPerSecond,
      Duration resync,
      List<String> jvmFlags,
      Map<String, String> environment,
      boolean memoryOnly,
      boolean steadyState,
      Path workDir,
      String apiServer,
      String inUseProtection,
      int pods,
      int podSamples,
      int shards) {

    public Settings {
      if (shards < 0 || shards == 1) {
        throw new IllegalArgumentException(
            "bench.shards is 0 (one instance) or 2 or more (shards and the default instance)");
      }
      if (shards > 0 && (pods > 0 || memoryOnly)) {
        throw new IllegalArgumentException(
            "bench.shards measures convergence, the steady state and the restart; not with"
                + " bench.pods or bench.memoryOnly");
      }
      if (pods < 0 || podSamples < 0) {
        throw new IllegalArgumentException("bench.pods and bench.podSamples are 0 or more");
      }
      if (pods > 0 && !apiServer.equals("real")) {
        // The benchmark starts Pods by writing their status subresource as a kubelet would; the
        // stand-in API server is not measured for that.
        throw new IllegalArgumentException(
            "bench.pods needs the real API server (-Dbench.apiServer=real), not " + apiServer);
      }
    }

    /** The flags measured for the 256 MiB target; docs/benchmarks.md says why each is there. */
    public static final String TUNED_FLAGS =
        "-XX:+UseSerialGC,-Xms16m,-Xmx160m,-Xmn32m,-XX:MinHeapFreeRatio=10,"
            + "-XX:MaxHeapFreeRatio=20,-Xss512k,-XX:MaxMetaspaceSize=96m,"
            + "-XX:ReservedCodeCacheSize=32m,-XX:TieredStopAtLevel=1,-XX:+ExitOnOutOfMemoryError";

    public static Settings fromSystemProperties() {
      String flags = System.getProperty("bench.jvmFlags", TUNED_FLAGS);
      return new Settings(
          Integer.getInteger("bench.resources", 1000),
          Duration.ofMillis(Long.getLong("bench.latencyMillis", 20)),
          System.getProperty("bench.ecrRateLimits", ""),
          Integer.getInteger("bench.reconcileThreads", 10),
          Double.parseDouble(System.getProperty("bench.awsCallsPerSecond", "0")),
          Duration.ofSeconds(Long.getLong("bench.resyncSeconds", 60)),
          flags.isBlank() || flags.equals("default")
              ? List.of()
              : Arrays.stream(flags.split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty())
                  .toList(),
          environment(System.getProperty("bench.env", "MALLOC_ARENA_MAX=2")),
          Boolean.getBoolean("bench.memoryOnly"),
          !Boolean.getBoolean("bench.skipSteadyState"),
          Path.of(System.getProperty("bench.workDir", "target/bench")),
          System.getProperty("bench.apiServer", "mock"),
          // The repositories alone: what the watches of images in use add is measured apart.
          System.getProperty("bench.inUseProtection", "off"),
          Integer.getInteger("bench.pods", 0),
          Integer.getInteger("bench.podSamples", 100),
          Integer.getInteger("bench.shards", 0));
    }

    /** The operator processes: one, or the shards and the default instance. */
    int instances() {
      return shards == 0 ? 1 : shards + 1;
    }

    /** The name of the report file: {@code report-N.md}, with the Pods and the in-use mode. */
    String reportName() {
      return "report-"
          + resources
          + (pods > 0 ? "-pods-" + pods + "-inuse-" + inUseProtection : "")
          + (shards > 0 ? "-shards-" + shards : "")
          + ".md";
    }

    /**
     * The name of the run's timeline files ({@code .csv}, {@code .svg}): the report's, with the API
     * server, e.g. {@code timeline-1000-mock}.
     */
    String timelineName() {
      return reportName().replace("report-", "timeline-").replace(".md", "-" + apiServer);
    }

    /** {@code KEY=value,KEY=value} for the operator process's environment. */
    static Map<String, String> environment(String text) {
      Map<String, String> env = new java.util.TreeMap<>();
      for (String entry : text.split(",")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
      }
      return env;
    }

    String faultPlan() {
      String plan = "latency=" + latency.toMillis() + "ms";
      return ecrRateLimits.isBlank() ? plan : plan + "," + ecrRateLimits;
    }
  }

  /** ECR calls a new repository strictly needs: CreateRepository and PutLifecyclePolicy. */
  static final int CALLS_NEEDED_PER_NEW_REPOSITORY = 2;

  /** How often a long phase prints its progress. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  public static void main(String[] args) throws Exception {
    String compare = System.getProperty("bench.compare", "");
    if (!compare.isBlank()) {
      Path out = Path.of(System.getProperty("bench.compareOut", "target/bench/compare.svg"));
      TimelineCompare.write(
          Arrays.stream(compare.split(",")).map(String::trim).map(Path::of).toList(), out);
      System.out.println(Progress.PREFIX + "drawn: " + out);
      System.exit(0);
    }
    Settings settings = Settings.fromSystemProperties();
    BenchmarkReport report = new OperatorBenchmark(settings).run();
    String text = report.render();
    System.out.println(text);
    Files.createDirectories(settings.workDir());
    Files.writeString(settings.workDir().resolve(settings.reportName()), text);
    System.exit(0);
  }

  private final Settings settings;
  private final BenchmarkReport report;
  private final Progress progress = new Progress(System.out, PROGRESS_EVERY);

  OperatorBenchmark(Settings settings) {
    this.settings = settings;
    this.report = new BenchmarkReport(settings);
  }

  BenchmarkReport run() throws Exception {
    try (progress) {
      return measure();
    }
  }

  private BenchmarkReport measure() throws Exception {
    Files.createDirectories(settings.workDir());
    Path log = settings.workDir().resolve("operator-" + settings.resources() + ".log");
    Files.deleteIfExists(log);
    progress.print(
        "operator benchmark: "
            + settings.resources()
            + " repositories"
            + (settings.pods() > 0 ? ", " + settings.pods() + " Pods" : "")
            + (settings.shards() > 0
                ? ", "
                    + settings.shards()
                    + " shards and the default instance; their logs are beside "
                : "; the operator's log is ")
            + log);
    String heap = settings.resources() > 2000 ? "6g" : "2g";
    SandboxServers started;
    try (var phase = progress.phase("starting the API server stand-in and the ECR emulator")) {
      started = SandboxServers.start(settings.workDir(), settings.faultPlan(), heap);
    }
    try (SandboxServers servers = started;
        ApiServer api = ApiServer.of(settings.apiServer(), servers, settings.workDir());
        KubernetesClient client = api.newClient()) {
      report.put("Setup", "Kubernetes API", api.description());
      try (var phase = progress.phase("installing CRDs, RBAC and namespaces")) {
        api.prepare(namespaces());
      }
      EmulatorSideDoor ecr = servers.emulator();
      calls = new CumulativeCalls(ecr::calls);
      calls.reset();
      Readiness readiness = new Readiness(settings.resources());
      Timeline.Run run;
      try (Timeline timeline =
          new Timeline(
              Timeline.EVERY, "create", readiness::readyNow, calls::total, this::runningRss)) {
        this.timeline = timeline;
        Instant creating = Instant.now();
        createAll(client);
        Duration created = Duration.between(creating, Instant.now());
        report.apiServerWrites(created);

        SharedIndexInformer<EcrRepository> informer =
            client.resources(EcrRepository.class).inAnyNamespace().inform(readiness);
        try {
          calls.reset();
          convergence(api, servers, readiness, ecr, log, client);
        } finally {
          informer.close();
          // Whatever failed, no operator outlives the benchmark.
          for (OperatorJvm operator : launched) {
            if (operator.isAlive()) {
              operator.kill();
            }
          }
        }
        timeline.close();
        run = new Timeline.Run(runTitle(settings), timeline.samples());
      }
      writeTimeline(run);
    }
    return report;
  }

  /** The running total of ECR calls the timeline follows; the phases reset it through this. */
  private CumulativeCalls calls;

  private Timeline timeline;

  /** What a run was, as its chart's title says: API server, resources, the operator's JDK. */
  static String runTitle(Settings settings) {
    String api =
        switch (settings.apiServer()) {
          case "mock" -> "stand-in API server (fabric8 mock)";
          case "real" -> "real API server (kube-apiserver + etcd)";
          default -> settings.apiServer() + " API server";
        };
    return String.format(
        Locale.ROOT,
        "%s, %,d repositories, operator on Java %s",
        api,
        settings.resources(),
        operatorJavaVersion());
  }

  /** The operator JDK's version: its {@code release} file's, or this JVM's. */
  private static String operatorJavaVersion() {
    String home = System.getProperty("operator.javaHome", "");
    if (!home.isBlank()) {
      try {
        for (String line : Files.readAllLines(Path.of(home, "release"))) {
          if (line.startsWith("JAVA_VERSION=")) {
            return line.substring("JAVA_VERSION=".length()).replace("\"", "");
          }
        }
      } catch (IOException e) {
        // no release file: the folder's name says which JDK it is
      }
      return Path.of(home).getFileName().toString();
    }
    return System.getProperty("java.version");
  }

  /** The run's samples as CSV and its chart as SVG, beside the report. */
  private void writeTimeline(Timeline.Run run) throws IOException {
    String name = settings.timelineName();
    Files.writeString(settings.workDir().resolve(name + ".csv"), Timeline.csv(run));
    Files.writeString(
        settings.workDir().resolve(name + ".svg"),
        TimelineChart.svg(TimelineChart.TITLE, List.of(run)));
    progress.print("timeline: " + settings.workDir().resolve(name + ".svg") + " and .csv");
  }

  private void convergence(
      ApiServer api,
      SandboxServers servers,
      Readiness readiness,
      EmulatorSideDoor ecr,
      Path log,
      KubernetesClient client)
      throws Exception {
    int n = settings.resources();
    Duration serversCpu = api.cpu();
    Duration driverCpu = driverCpu();
    Duration deadline = Duration.ofMinutes(10).plus(Duration.ofMillis(n * 200L));
    OperatorInstances operator;
    boolean started;
    timeline.phase("start");
    try (var phase = progress.phase("starting the operator, until its first reconcile")) {
      operator = launch(api, servers, log);
      started = readiness.awaitFirstPass(deadline, operator::isAlive);
    }
    Instant start = operator.startedAt();
    boolean converged;
    timeline.phase("converge");
    try (var phase =
        progress.phase(
            "converging", () -> readiness.ready() + "/" + n + " Ready" + rss(runningRss()))) {
      converged = started && readiness.awaitAll(deadline, operator::isAlive);
    }
    if (!converged) {
      String why =
          operator.isAlive()
              ? "not all Ready within " + deadline
              : "the operator exited with "
                  + operator.exitCode().orElse(null)
                  + " (see "
                  + log
                  + ")";
      operator.stop();
      throw new IllegalStateException(why + ": " + readiness.ready() + " of " + n + " Ready");
    }
    Instant allReady = readiness.allReadyAt();
    EmulatorSideDoor.Calls converging = calls.reset();
    Duration toFirstPass = Duration.between(start, readiness.firstFinalizerAt());
    Duration toFirst = Duration.between(start, readiness.firstStatusAt());
    Duration toAll = Duration.between(start, allReady);
    Duration firstToAll = Duration.between(readiness.firstFinalizerAt(), allReady);
    report.convergence(toFirstPass, toFirst, toAll, firstToAll, converging);
    report.cpu(toAll, operator.cpu(), api.cpu().minus(serversCpu), driverCpu().minus(driverCpu));
    PodScenario pods = null;
    if (settings.pods() > 0) {
      report.memory("after convergence, before any Pod", operator.peakRssBytes(), -1);
      timeline.phase("pods");
      pods = new PodScenario(settings, client, ecr, progress, report, namespaces());
      pods.startAll(metrics, operator::isAlive);
      report.memory("with every Pod started", operator.peakRssBytes(), -1);
      report.rss("with every Pod started", operator.rssBytes());
      pods.callsWhileStarting(calls.reset());
    }
    if (settings.memoryOnly()) {
      timeline.phase("memory");
      try (var phase = progress.phase("memory: peak RSS, heap after a full GC, class histogram")) {
        report.memory(
            pods == null ? "after convergence" : "with every Pod started",
            operator.peakRssBytes(),
            operator.heapAfterGcBytes());
        Files.writeString(
            settings.workDir().resolve("class-histogram-" + n + ".txt"),
            operator.single().classHistogram());
        if (settings.jvmFlags().stream().anyMatch(f -> f.contains("NativeMemoryTracking"))) {
          Files.writeString(
              settings.workDir().resolve("native-memory-" + n + ".txt"),
              operator.single().nativeMemorySummary());
        }
      }
      operator.stop();
      return;
    }
    if (pods == null) {
      report.memory("after convergence", operator.peakRssBytes(), -1);
    }

    if (settings.steadyState()) {
      steadyState(operator, ecr);
    }
    if (pods != null) {
      timeline.phase("pods");
      pods.sampleStarts(metrics, operator::isAlive);
      report.memory("after the sample Pods", operator.peakRssBytes(), -1);
    }
    if (!operator.isAlive()) {
      throw new IllegalStateException("the operator exited: " + operator.exitCode());
    }

    // Restart with everything in sync: SIGTERM, as a rollout does, then start again.
    timeline.phase("restart");
    try (var phase = progress.phase("restart: stopping the operator (SIGTERM)")) {
      operator.stop();
    }
    calls.reset();
    RestartRecheck recheck = new RestartRecheck(() -> ecr.calls(false), n, Duration.ofMillis(50));
    OperatorInstances again;
    Optional<RestartRecheck.Result> restart;
    try (var phase =
        progress.phase(
            "restart: starting the operator, until every repository is rechecked",
            () -> recheck.rechecked() + "/" + n + " rechecked" + rss(runningRss()))) {
      again = launch(api, servers, log);
      restart = recheck.await(again.startedAt(), deadline, again::isAlive);
    }
    if (restart.isEmpty()) {
      again.stop();
      throw new IllegalStateException(
          "the restarted operator did not recheck every repository: "
              + recheck.rechecked()
              + " of "
              + n);
    }
    report.restart(restart.get(), readiness.writesSince(again.startedAt()));
    report.memory("after the restart", again.peakRssBytes(), -1);
    timeline.phase("stop");
    try (var phase = progress.phase("stopping the operator")) {
      again.stop();
    }
  }

  /** Every operator process started, restarts too; the timeline reads them as they run. */
  private final List<OperatorJvm> launched = new CopyOnWriteArrayList<>();

  /** The resident memory of the operator processes running now, summed; -1 when none runs. */
  private long runningRss() {
    List<OperatorJvm> running = launched.stream().filter(OperatorJvm::isAlive).toList();
    return running.isEmpty() ? -1 : new OperatorInstances(running).rssBytes();
  }

  /** The operator's memory for a progress line: {@code , RSS 173 MiB}, or nothing when unknown. */
  static String rss(long bytes) {
    return bytes < 0 ? "" : String.format(Locale.ROOT, ", RSS %.0f MiB", bytes / 1048576.0);
  }

  /** CPU time this (the benchmark's) process has used so far. */
  private static Duration driverCpu() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Duration.ofNanos(os.getProcessCpuTime());
    }
    return Duration.ZERO;
  }

  /** Three resync periods with nothing changed: what the operator calls, and its memory after. */
  private void steadyState(OperatorInstances operator, EmulatorSideDoor ecr) throws Exception {
    Duration steady = settings.resync().multipliedBy(3);
    List<Long> perPeriod = new ArrayList<>();
    timeline.phase("steady state");
    try (var phase =
        progress.phase(
            "steady state, three resync periods (" + steady.toSeconds() + " s)",
            () -> {
              EmulatorSideDoor.Calls calls = ecr.calls(false);
              return calls.total() + " ECR calls, " + calls.writes() + " writes";
            })) {
      long counted = 0;
      for (int period = 0; period < 3; period++) {
        Thread.sleep(settings.resync().toMillis());
        long total = ecr.calls(false).total();
        perPeriod.add(total - counted);
        counted = total;
      }
    }
    EmulatorSideDoor.Calls idle = calls.reset();
    report.steadyState(steady, idle, perPeriod);
    report.rss("after three resync periods, before a full GC", operator.rssBytes());
    timeline.phase("memory");
    try (var phase = progress.phase("memory: peak RSS and heap after a full GC")) {
      long heapAfterGc = operator.heapAfterGcBytes();
      report.memory("after three resync periods", operator.peakRssBytes(), heapAfterGc);
    }
  }

  /** The running operator's /metrics (with Pods only: else the operator serves none). */
  private MetricsScrape metrics;

  private OperatorInstances launch(ApiServer api, SandboxServers servers, Path log)
      throws IOException {
    // The pod scenario reads the operator's gauges; the other runs keep /metrics off.
    int httpPort = settings.pods() > 0 ? freePort() : 0;
    List<OperatorJvm> processes = new ArrayList<>();
    for (int instance = 0; instance < settings.instances(); instance++) {
      List<String> flags = new ArrayList<>(flags(httpPort));
      Path instanceLog = log;
      if (settings.shards() > 0) {
        String shard = shard(instance, settings.shards());
        flags.addAll(
            List.of(
                "--watch-label-selector",
                shard == null
                    ? "!" + EcrRepository.SHARD_LABEL
                    : EcrRepository.SHARD_LABEL + "=" + shard));
        instanceLog =
            log.resolveSibling(
                log.getFileName()
                    .toString()
                    .replace(
                        ".log", "-" + (shard == null ? "default" : "shard-" + shard) + ".log"));
      }
      OperatorJvm operator =
          OperatorJvm.start(
              api.operatorKubeconfig(),
              servers.ecrEndpoint(),
              settings.jvmFlags(),
              settings.environment(),
              flags,
              instanceLog);
      launched.add(operator);
      processes.add(operator);
    }
    metrics = httpPort == 0 ? null : new MetricsScrape(httpPort);
    return new OperatorInstances(processes);
  }

  /**
   * The shard label value of resource or instance {@code index} among {@code shards} shards and the
   * default instance: a, b, ... round-robin, and null (no label: the default instance's) for every
   * ({@code shards} + 1)-th.
   */
  static String shard(int index, int shards) {
    int slot = index % (shards + 1);
    return slot == shards ? null : String.valueOf((char) ('a' + slot));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private List<String> flags(int httpPort) {
    return List.of(
        "--cluster-name",
        "bench",
        "--resync-period",
        settings.resync().toSeconds() + "s",
        "--reconcile-threads",
        Integer.toString(settings.reconcileThreads()),
        "--aws-calls-per-second",
        Double.toString(settings.awsCallsPerSecond()),
        "--http-port",
        Integer.toString(httpPort),
        "--in-use-protection",
        settings.inUseProtection());
  }

  private void createAll(KubernetesClient client) throws Exception {
    int n = settings.resources();
    AtomicInteger created = new AtomicInteger();
    try (var phase =
        progress.phase(
            "creating " + n + " EcrRepository resources, the operator not running",
            () -> created.get() + "/" + n + " created")) {
      inParallel(
          n,
          index -> {
            client.resource(resource(index, settings.shards())).create();
            created.incrementAndGet();
          });
    }
  }

  /** How many clients the benchmark writes to the API server with at once. */
  static final int CLIENTS = 16;

  /** Runs {@code task} for 0 to n - 1 on {@link #CLIENTS} threads; the first failure is thrown. */
  static void inParallel(int n, IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.accept(index)));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int NAMESPACES = 20;

  static List<String> namespaces() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NAMESPACES; i++) {
      names.add("bench-" + i);
    }
    return names;
  }

  static EcrRepository resource(int index) {
    return resource(index, 0);
  }

  /** With shards, labelled for its shard, or for none ({@link #shard(int, int)}). */
  static EcrRepository resource(int index, int shards) {
    String namespace = "bench-" + (index % NAMESPACES);
    String name = "repo-" + index;
    EcrRepository r = new EcrRepository();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(namespace).withName(name);
    String shard = shards == 0 ? null : shard(index, shards);
    if (shard != null) {
      meta.addToLabels(EcrRepository.SHARD_LABEL, shard);
    }
    r.setMetadata(meta.build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(namespace + "/" + name);
    spec.setLifecyclePolicy(Resources.keepUntagged(1));
    r.setSpec(spec);
    return r;
  }

  static String seconds(Duration d) {
    return String.format("%.2f s", d.toMillis() / 1000.0);
  }

  /** Follows every resource through an informer: when it first got a status, when all are Ready. */
  static final class Readiness implements ResourceEventHandler<EcrRepository> {
    private final int expected;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Set<String> readyNow = ConcurrentHashMap.newKeySet();
    private final List<Instant> writes = new ArrayList<>();
    private volatile Instant firstStatusAt;
    private volatile Instant firstFinalizerAt;
    private volatile Instant allReadyAt;

    Readiness(int expected) {
      this.expected = expected;
    }

    @Override
    public void onAdd(EcrRepository r) {
      seen(null, r);
    }

    @Override
    public void onUpdate(EcrRepository before, EcrRepository after) {
      seen(before, after);
    }

    @Override
    public void onDelete(EcrRepository r, boolean unknownFinalState) {}

    private synchronized void seen(EcrRepository before, EcrRepository r) {
      String key = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      // A status the operator wrote has an observed generation (a new object may carry an empty
      // status object).
      if (r.getStatus() != null
          && r.getStatus().getObservedGeneration() != null
          && firstStatusAt == null) {
        firstStatusAt = Instant.now();
      }
      if (before != null
          && !before
              .getMetadata()
              .getResourceVersion()
              .equals(r.getMetadata().getResourceVersion())) {
        writes.add(Instant.now());
      }
      if (firstFinalizerAt == null && !r.getMetadata().getFinalizers().isEmpty()) {
        firstFinalizerAt = Instant.now();
        notifyAll();
      }
      if (Resources.readyAtGeneration(r)) {
        readyNow.add(key);
        ready.add(key);
        if (ready.size() == expected && allReadyAt == null) {
          allReadyAt = Instant.now();
          notifyAll();
        }
      } else {
        readyNow.remove(key);
      }
    }

    /** Waits until all are Ready; false when the time is up or {@code alive} turns false. */
    boolean awaitAll(Duration timeout, BooleanSupplier alive) throws InterruptedException {
      return await(() -> allReadyAt != null, timeout, alive);
    }

    /**
     * Waits for the operator's first pass over any resource (a finalizer added); false when the
     * time is up or {@code alive} turns false.
     */
    boolean awaitFirstPass(Duration timeout, BooleanSupplier alive) throws InterruptedException {
      return await(() -> firstFinalizerAt != null, timeout, alive);
    }

    private synchronized boolean await(
        BooleanSupplier done, Duration timeout, BooleanSupplier alive) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (!done.getAsBoolean()) {
        long left = end - System.nanoTime();
        if (left <= 0 || !alive.getAsBoolean()) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
      return true;
    }

    /** Resources that have been Ready at their generation at least once. */
    int ready() {
      return ready.size();
    }

    /** Resources Ready at their generation as last seen. */
    int readyNow() {
      return readyNow.size();
    }

    Instant firstStatusAt() {
      return firstStatusAt;
    }

    /** When the operator's first pass over any resource was seen: its finalizer added. */
    Instant firstFinalizerAt() {
      return firstFinalizerAt;
    }

    Instant allReadyAt() {
      return allReadyAt;
    }

    /** Changes to any EcrRepository (status, finalizers, metadata) seen since {@code since}. */
    synchronized long writesSince(Instant since) {
      return writes.stream().filter(t -> !t.isBefore(since)).count();
    }
  }
}
