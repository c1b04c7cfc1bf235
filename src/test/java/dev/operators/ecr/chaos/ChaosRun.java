package dev.operators.ecr.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.process.ApiServer;
import dev.operators.ecr.process.EmulatorSideDoor;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.process.Resources;
import dev.operators.ecr.process.SandboxServers;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The chaos suite: EcrRepository resources created, changed and deleted against an ECR emulator
 * that throttles, fails, delays and drops, while the operator process is killed with SIGKILL at
 * random moments and restarted. At the end every promise of docs/reliability.md is checked against
 * the emulator's and the API server's state, and the figures are printed.
 */
public final class ChaosRun {
  static final String CLUSTER = "chaos";
  static final int NAMESPACES = 8;
  private static final Duration POLL = Duration.ofSeconds(1);

  /**
   * @param resources how many EcrRepository resources the run creates
   * @param seed seeds every random choice of the run and of the emulator's faults
   * @param faults the emulator's fault plan, without its seed
   * @param kills how many times the operator process is killed (at least two)
   * @param churn how long creations, changes and deletions go on
   * @param deadline how long the operator has to converge after the last restart
   * @param apiServer {@code mock} (the sandbox's stand-in) or {@code real} (kube-apiserver)
   */
  public record Settings(
      int resources,
      long seed,
      String faults,
      int kills,
      Duration churn,
      Duration deadline,
      Path workDir,
      String apiServer) {

    static final String DEFAULT_FAULTS =
        "throttle=0.2,server=0.05,latency=20ms~10ms,drop=0.01,lost=0.01";

    /** From system properties {@code chaos.resources}, {@code chaos.seed}, ..., CI defaults. */
    public static Settings fromSystemProperties() {
      int resources = Integer.getInteger("chaos.resources", 200);
      return new Settings(
          resources,
          Long.getLong("chaos.seed", 20261127L),
          System.getProperty("chaos.faults", DEFAULT_FAULTS),
          Integer.getInteger("chaos.kills", resources >= 1000 ? 4 : 3),
          Duration.ofSeconds(Long.getLong("chaos.churnSeconds", resources >= 1000 ? 90 : 30)),
          Duration.ofSeconds(Long.getLong("chaos.deadlineSeconds", resources >= 1000 ? 900 : 300)),
          Path.of(System.getProperty("chaos.workDir", "target/chaos")),
          System.getProperty("chaos.apiServer", "mock"));
    }

    String faultPlan() {
      return faults + ",seed=" + seed;
    }
  }

  /** What the driver did to one resource, and what it therefore expects. */
  static final class Tracked {
    final int index;
    final String namespace;
    final String name;
    final DeletionPolicy deletionPolicy;
    volatile long keep;
    volatile boolean created;
    volatile boolean deleted;
    volatile int changes;

    Tracked(int index, DeletionPolicy deletionPolicy, long keep) {
      this.index = index;
      this.namespace = "chaos-" + (index % NAMESPACES);
      this.name = "repo-" + index;
      this.deletionPolicy = deletionPolicy;
      this.keep = keep;
    }

    String repositoryName() {
      return namespace + "/" + name;
    }

    String key() {
      return namespace + "/" + name;
    }
  }

  private final Settings settings;
  private final Random random;
  private final List<Tracked> tracked = new ArrayList<>();
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private final Instant began = Instant.now();
  private volatile OperatorJvm operator;
  private final AtomicInteger exitsOnTheirOwn = new AtomicInteger();
  private int kills;
  private int restarts;

  public ChaosRun(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    for (int i = 0; i < settings.resources(); i++) {
      tracked.add(
          new Tracked(
              i,
              i % 3 == 0 ? DeletionPolicy.Retain : DeletionPolicy.Delete,
              1 + random.nextInt(5)));
    }
  }

  public ChaosReport run() throws Exception {
    Files.createDirectories(settings.workDir());
    Path operatorLog = settings.workDir().resolve("operator.log");
    Files.deleteIfExists(operatorLog);
    try (SandboxServers servers =
            SandboxServers.start(settings.workDir(), settings.faultPlan(), "3g");
        ApiServer api = ApiServer.of(settings.apiServer(), servers, settings.workDir());
        KubernetesClient client = api.newClient()) {
      List<String> namespaces = new ArrayList<>();
      for (int i = 0; i < NAMESPACES; i++) {
        namespaces.add("chaos-" + i);
      }
      api.prepare(namespaces);
      log("Kubernetes API: %s", api.description());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        int half = settings.resources() / 2;
        forAll(pool, tracked.subList(0, half), t -> create(client, t));
        log("created %d resources before the operator started", half);

        operator = startOperator(api, servers, operatorLog);
        log("operator started (pid %d)", operator.pid());

        Thread monkey = new Thread(() -> killAtRandom(api, servers, operatorLog), "chaos-monkey");
        monkey.start();
        churn(client, pool, half);
        monkey.join();

        Instant afterChurn = Instant.now();
        Convergence convergence = awaitConvergence(client, settings.deadline());
        Duration converged = Duration.between(afterChurn, Instant.now());
        log(
            "%s %s after the last churn step",
            convergence.done() ? "converged" : "NOT converged", converged.toMillis() + " ms");

        EmulatorSideDoor.Calls calls = servers.emulator().calls(false);
        JsonNode state = servers.emulator().state(SandboxServers.REGION);
        boolean aliveAtEnd = operator.isAlive();
        if (operator.exitedOnItsOwn()) {
          exitsOnTheirOwn.incrementAndGet();
        }
        operator.stop();
        return check(client, convergence, converged, calls, state, aliveAtEnd);
      } finally {
        pool.shutdownNow();
        if (operator != null && operator.isAlive()) {
          operator.kill();
        }
      }
    }
  }

  private OperatorJvm startOperator(ApiServer api, SandboxServers servers, Path log) {
    return OperatorJvm.start(
        api.operatorKubeconfig(),
        servers.ecrEndpoint(),
        List.of("-XX:+UseSerialGC", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
        java.util.Map.of(),
        List.of(
            "--cluster-name",
            CLUSTER,
            "--resync-period",
            "30s",
            "--aws-calls-per-second",
            "100",
            "--http-port",
            "0"),
        log);
  }

  // Kill times are drawn up front over the churn and a little after it, so that some kills land
  // in creations, some in changes and deletions, and one may land in the convergence that follows.
  private void killAtRandom(ApiServer api, SandboxServers servers, Path log) {
    long window = settings.churn().toMillis() + 10_000;
    List<Long> at = new ArrayList<>();
    Random own = new Random(settings.seed() ^ 0x5eed);
    for (int i = 0; i < settings.kills(); i++) {
      at.add(2_000 + (long) (own.nextDouble() * (window - 2_000)));
    }
    Collections.sort(at);
    long start = System.currentTimeMillis();
    try {
      for (long when : at) {
        long wait = start + when - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        if (operator.exitedOnItsOwn()) {
          exitsOnTheirOwn.incrementAndGet();
          log("operator had exited on its own with %s", operator.exitCode().orElse(null));
        }
        operator.kill();
        kills++;
        long down = 200 + own.nextInt(2_800);
        log("SIGKILL operator (pid %d); down for %d ms", operator.pid(), down);
        Thread.sleep(down);
        operator = startOperator(api, servers, log);
        restarts++;
        log("operator restarted (pid %d)", operator.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Ten rounds: each creates a tenth of the second half, changes the policy of some live
  // resources and deletes others, so that every kind of change meets the kills.
  private void churn(KubernetesClient client, ExecutorService pool, int half) throws Exception {
    int rounds = 10;
    List<Tracked> toCreate = new ArrayList<>(tracked.subList(half, tracked.size()));
    int changesPerRound = Math.max(1, settings.resources() * 3 / 10 / rounds);
    int deletionsPerRound = Math.max(1, settings.resources() / 5 / rounds);
    long pause = settings.churn().toMillis() / rounds;
    for (int round = 0; round < rounds; round++) {
      int from = toCreate.size() * round / rounds;
      int to = toCreate.size() * (round + 1) / rounds;
      forAll(pool, toCreate.subList(from, to), t -> create(client, t));
      List<Tracked> live = live();
      Collections.shuffle(live, random);
      List<Tracked> changed = live.subList(0, Math.min(changesPerRound, live.size()));
      List<Tracked> deleted =
          live.subList(changed.size(), Math.min(changed.size() + deletionsPerRound, live.size()));
      for (Tracked t : changed) {
        t.keep = t.keep % 5 + 1; // 1..5, always another number than before
      }
      forAll(pool, new ArrayList<>(changed), t -> change(client, t));
      forAll(pool, new ArrayList<>(deleted), t -> delete(client, t));
      log(
          "round %d: created %d, changed %d, deleted %d",
          round + 1, to - from, changed.size(), deleted.size());
      Thread.sleep(pause);
    }
  }

  private List<Tracked> live() {
    return tracked.stream().filter(t -> t.created && !t.deleted).collect(Collectors.toList());
  }

  private interface Step {
    void apply(Tracked t) throws Exception;
  }

  private static void forAll(ExecutorService pool, List<Tracked> items, Step step)
      throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    for (Tracked t : items) {
      futures.add(
          pool.submit(
              () -> {
                step.apply(t);
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES);
    }
  }

  private void create(KubernetesClient client, Tracked t) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withNamespace(t.namespace).withName(t.name).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(t.repositoryName());
    spec.setLifecyclePolicy(Resources.keepUntagged(t.keep));
    spec.setDeletionPolicy(t.deletionPolicy);
    r.setSpec(spec);
    client.resource(r).create();
    t.created = true;
  }

  private void change(KubernetesClient client, Tracked t) throws InterruptedException {
    long keep = t.keep;
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(EcrRepository.class)
            .inNamespace(t.namespace)
            .withName(t.name)
            .edit(
                r -> {
                  r.getSpec().setLifecyclePolicy(Resources.keepUntagged(keep));
                  return r;
                });
        t.changes++;
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
        Thread.sleep(50L * attempt);
      }
    }
  }

  private void delete(KubernetesClient client, Tracked t) {
    t.deleted = true;
    client.resources(EcrRepository.class).inNamespace(t.namespace).withName(t.name).delete();
  }

  /** The policy ECR must hold for {@code keep}, written independently of the operator's code. */
  static String expectedCanonical(long keep) {
    return LifecyclePolicy.parse(
            "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":"
                + keep
                + "},\"action\":{\"type\":\"expire\"}}]}")
        .canonical()
        .json();
  }

  /**
   * @param liveNotReady live resources not Ready at their generation (or missing), with why
   * @param notGone deleted resources still present
   */
  record Convergence(boolean done, List<String> liveNotReady, List<String> notGone) {
    List<String> pending() {
      List<String> all = new ArrayList<>(liveNotReady);
      all.addAll(notGone);
      return all;
    }
  }

  private Convergence awaitConvergence(KubernetesClient client, Duration deadline)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Convergence now = pendingResources(client);
      if (now.done()) {
        return now;
      }
      if (operator.exitedOnItsOwn()) {
        exitsOnTheirOwn.incrementAndGet();
        log("operator exited on its own with %s", operator.exitCode().orElse(null));
        return now;
      }
      if (System.nanoTime() >= end) {
        return now;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Where every resource stands: live ones must be Ready at generation, deleted ones gone. */
  private Convergence pendingResources(KubernetesClient client) {
    Map<String, EcrRepository> present = new HashMap<>();
    for (EcrRepository r :
        client.resources(EcrRepository.class).inAnyNamespace().list().getItems()) {
      present.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r);
    }
    List<String> liveNotReady = new ArrayList<>();
    List<String> notGone = new ArrayList<>();
    for (Tracked t : tracked) {
      EcrRepository r = present.get(t.key());
      if (t.deleted) {
        if (r != null) {
          notGone.add(t.key() + ": still present after deletion");
        }
      } else if (r == null) {
        liveNotReady.add(t.key() + ": missing");
      } else if (!Resources.readyAtGeneration(r)) {
        liveNotReady.add(t.key() + ": " + describe(r));
      }
    }
    return new Convergence(liveNotReady.isEmpty() && notGone.isEmpty(), liveNotReady, notGone);
  }

  private static String describe(EcrRepository r) {
    if (r.getStatus() == null) {
      return "no status";
    }
    return "generation "
        + r.getMetadata().getGeneration()
        + ", observed "
        + r.getStatus().getObservedGeneration()
        + ", "
        + r.getStatus().getConditions().stream()
            .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")")
            .collect(Collectors.joining(" "));
  }

  private ChaosReport check(
      KubernetesClient client,
      Convergence convergence,
      Duration converged,
      EmulatorSideDoor.Calls calls,
      JsonNode state,
      boolean aliveAtEnd) {
    Map<String, Tracked> byRepository = new HashMap<>();
    tracked.forEach(t -> byRepository.put(t.repositoryName(), t));
    Map<String, JsonNode> inEcr = new TreeMap<>();
    state.get("repositories").forEach(r -> inEcr.put(r.get("repositoryName").asText(), r));

    List<String> problems = new ArrayList<>(convergence.pending());
    int liveResources = 0;
    int policiesEqual = 0;
    for (Tracked t : live()) {
      liveResources++;
      JsonNode repo = inEcr.get(t.repositoryName());
      if (repo == null) {
        problems.add(t.key() + ": its ECR repository does not exist");
        continue;
      }
      String owner = repo.path("tags").path(Owner.TAG_KEY).asText(null);
      if (!Owner.of(CLUSTER, t.namespace, t.name).value().equals(owner)) {
        problems.add(t.key() + ": its ECR repository's owner tag is " + owner);
      }
      String stored = repo.path("lifecyclePolicyText").asText(null);
      String canonical = canonicalOrNull(stored);
      if (expectedCanonical(t.keep).equals(canonical)) {
        policiesEqual++;
      } else {
        problems.add(
            t.key() + ": lifecycle policy in ECR " + stored + " differs from keep " + t.keep);
      }
    }
    int liveReady = liveResources - convergence.liveNotReady().size();

    int orphans = 0;
    int retained = 0;
    for (Map.Entry<String, JsonNode> e : inEcr.entrySet()) {
      Tracked t = byRepository.get(e.getKey());
      String owner = e.getValue().path("tags").path(Owner.TAG_KEY).asText(null);
      if (t != null && t.created && !t.deleted) {
        continue;
      }
      if (t != null && t.deleted && t.deletionPolicy == DeletionPolicy.Retain && owner == null) {
        retained++;
        continue;
      }
      orphans++;
      problems.add(
          "orphan repository "
              + e.getKey()
              + (t == null ? " (no resource)" : " (resource deleted with " + t.deletionPolicy + ")")
              + ", owner tag "
              + owner);
    }
    long namesCreated = state.get("creations").size();
    Map<String, Long> createdTwice = new TreeMap<>();
    state
        .get("creations")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asLong() > 1) {
                createdTwice.put(e.getKey(), e.getValue().asLong());
              }
            });
    createdTwice.forEach((name, n) -> problems.add(name + " created " + n + " times"));
    if (kills < 2) {
      problems.add("the operator was killed only " + kills + " times");
    }
    if (exitsOnTheirOwn.get() > 0) {
      problems.add("the operator exited on its own " + exitsOnTheirOwn.get() + " times");
    }
    if (!aliveAtEnd) {
      problems.add("the operator was not running at the end");
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    long deletedDelete =
        tracked.stream()
            .filter(t -> t.deleted && t.deletionPolicy == DeletionPolicy.Delete)
            .count();
    long deletedRetain =
        tracked.stream()
            .filter(t -> t.deleted && t.deletionPolicy == DeletionPolicy.Retain)
            .count();
    figures.put("resources created", tracked.stream().filter(t -> t.created).count());
    figures.put("spec changes", tracked.stream().mapToInt(t -> t.changes).sum());
    figures.put("deleted (Delete / Retain)", deletedDelete + " / " + deletedRetain);
    figures.put("operator SIGKILLs / restarts", kills + " / " + restarts);
    figures.put("operator exits on its own", exitsOnTheirOwn.get());
    figures.put("faults injected", calls.faults());
    figures.put("ECR calls", calls.total() + " " + calls.byOperation());
    figures.put(
        "converged after the churn in", convergence.done() ? converged.toMillis() + " ms" : "NO");
    figures.put("live resources Ready at their generation", liveReady + " / " + liveResources);
    figures.put(
        "live resources whose ECR policy equals the spec (canonical)",
        policiesEqual + " / " + liveResources);
    figures.put("repository names ever created in ECR", namesCreated);
    figures.put("ECR repositories at the end", inEcr.size());
    figures.put("retained after a Retain deletion (owner tag released)", retained);
    figures.put("orphan repositories", orphans);
    figures.put("repositories created more than once", createdTwice.size());
    figures.put(
        "resources stuck at the deadline", convergence.done() ? 0 : convergence.pending().size());
    figures.put("run took", Duration.between(began, Instant.now()).toSeconds() + " s");
    return new ChaosReport(settings, figures, List.copyOf(timeline), problems);
  }

  private static String canonicalOrNull(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LifecyclePolicy.parse(text).canonical().json();
    } catch (InvalidPolicyException e) {
      return null;
    }
  }

  private void log(String format, Object... args) {
    String line =
        String.format(
            "%6.1fs  %s",
            Duration.between(began, Instant.now()).toMillis() / 1000.0,
            String.format(format, args));
    timeline.add(line);
    System.out.println(line);
  }
}
