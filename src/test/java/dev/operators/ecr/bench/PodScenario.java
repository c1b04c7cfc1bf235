package dev.operators.ecr.bench;

import dev.operators.ecr.process.EmulatorSideDoor;
import dev.operators.ecr.process.SandboxServers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The pod scenario ({@code bench.pods} > 0): Pods that run images of the benchmark's repositories,
 * and what the operator's watches of images in use make of them.
 *
 * <p><b>The benchmark plays the kubelet's part.</b> The real API server layer runs no kubelet,
 * scheduler or controller-manager, so nothing would ever start a Pod. The benchmark creates each
 * Pod already bound to a (made-up) node, as a scheduler would leave it, and then writes its status
 * subresource as a kubelet writes it once the containers have started: phase {@code Running}, Ready
 * conditions, and for each container a status whose {@code imageID} names the digest it runs,
 * {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:...}. It also creates the
 * {@code default} ServiceAccount of each namespace, which the controller-manager would create and
 * without which the API server's admission refuses a Pod. The images exist in the ECR emulator
 * (seeded through its side door) before any Pod names them.
 *
 * <p>Supported only against the real API server ({@code bench.apiServer=real}).
 */
final class PodScenario {
  /** The start of the tag the operator gives an image it protects ({@code protect}). */
  static final String KEEP_TAG_PREFIX = "ecr-operator.keep.";

  static final String IMAGES_IN_USE = "ecr_operator_images_in_use";

  /** Repositories the Pods use at most. */
  static final int MAX_REPOSITORIES = 1000;

  /** How long the benchmark waits between two looks at the operator or the emulator. */
  static final Duration POLL = Duration.ofMillis(20);

  private static final int NODES = 50;
  private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(60);

  private final OperatorBenchmark.Settings settings;
  private final KubernetesClient client;
  private final EmulatorSideDoor ecr;
  private final Progress progress;
  private final BenchmarkReport report;
  private final PodPlan plan;
  private final String section;

  PodScenario(
      OperatorBenchmark.Settings settings,
      KubernetesClient client,
      EmulatorSideDoor ecr,
      Progress progress,
      BenchmarkReport report,
      List<String> namespaces) {
    this.settings = settings;
    this.client = client;
    this.ecr = ecr;
    this.progress = progress;
    this.report = report;
    int repositories = Math.min(settings.resources(), MAX_REPOSITORIES);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < repositories; i++) {
      names.add(OperatorBenchmark.resource(i).getSpec().getRepositoryName());
    }
    this.plan =
        new PodPlan(
            PodPlan.registryHost(account(ecr), SandboxServers.REGION),
            names,
            namespaces,
            settings.pods(),
            settings.podSamples());
    this.section =
        "Pods: "
            + settings.pods()
            + " over "
            + repositories
            + " repositories, --in-use-protection "
            + settings.inUseProtection();
  }

  /** The account the emulator reports for the benchmark's repositories (from an ARN). */
  private static String account(EmulatorSideDoor ecr) {
    var repositories = ecr.state(SandboxServers.REGION).path("repositories");
    if (repositories.isEmpty()) {
      throw new IllegalStateException("the emulator holds no repository yet");
    }
    return PodPlan.accountOf(repositories.get(0).path("repositoryArn").asText());
  }

  private boolean watching() {
    return !settings.inUseProtection().equals("off");
  }

  private boolean protecting() {
    return settings.inUseProtection().equals("protect");
  }

  /**
   * Seeds the images, creates every Pod and starts it (writes its status as a kubelet would), then,
   * unless in-use protection is off, waits until the operator shows every image in use.
   *
   * @param metrics the operator's {@code /metrics}
   */
  void startAll(MetricsScrape metrics, BooleanSupplier alive) throws Exception {
    try (var phase = progress.phase("seeding the Pods' images in the ECR emulator")) {
      List<EmulatorSideDoor.Seed> seeds = plan.seeds();
      for (int from = 0; from < seeds.size(); from += 500) {
        ecr.push(SandboxServers.REGION, seeds.subList(from, Math.min(seeds.size(), from + 500)));
      }
      report.put(section, "images seeded in the emulator", Integer.toString(seeds.size()));
    }
    defaultServiceAccounts();
    int n = plan.pods();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    Instant begin = Instant.now();
    try (var phase =
        progress.phase(
            "creating " + n + " Pods and starting them (the benchmark as kubelet)",
            () -> created.get() + "/" + n + " created, " + started.get() + "/" + n + " started")) {
      OperatorBenchmark.inParallel(
          n,
          index -> {
            PodPlan.PlannedPod planned = plan.pod(index);
            Pod pod = create(planned.namespace(), planned.name(), planned.containers());
            created.incrementAndGet();
            start(pod, planned.containers(), index);
            started.incrementAndGet();
          });
    }
    Instant lastStarted = Instant.now();
    Duration took = Duration.between(begin, lastStarted);
    report.put(
        section,
        "Pods created and started, "
            + plan.containers()
            + " containers ("
            + OperatorBenchmark.CLIENTS
            + " clients)",
        OperatorBenchmark.seconds(took)
            + String.format(
                " (%.2f ms per write, 2 writes per Pod)", took.toNanos() / 1e6 / n / 2));
    int expected = plan.imagesInUse();
    report.put(section, "distinct images the Pods run (repository and digest)", "" + expected);
    if (!watching()) {
      report.put(section, "the operator's view", "not watched: --in-use-protection off");
      return;
    }
    Duration toKnown;
    try (var phase =
        progress.phase(
            "until the operator shows " + expected + " images in use",
            () -> gaugeText(metrics) + "/" + expected + " in use")) {
      toKnown = await(() -> gauge(metrics) >= expected, deadline(), alive);
    }
    if (toKnown == null) {
      throw new IllegalStateException(
          "the operator did not show " + expected + " images in use: " + gaugeText(metrics));
    }
    report.put(
        section,
        "last Pod started → " + IMAGES_IN_USE + " shows all " + expected,
        OperatorBenchmark.seconds(Duration.between(lastStarted, Instant.now())));
    if (protecting()) {
      awaitProtected(lastStarted, alive);
    }
  }

  /** The ECR calls from convergence until every Pod was started and (unless off) known. */
  void callsWhileStarting(EmulatorSideDoor.Calls calls) {
    report.put(
        section,
        "ECR calls from convergence until then, by operation",
        calls.total() + " " + calls.byOperation() + ", " + calls.writes() + " writes");
  }

  /**
   * The time from a Pod's start to the operator knowing its image is in use, over the sample Pods:
   * with {@code report}, until {@code ecr_operator_images_in_use} counts its image; with {@code
   * protect}, until the image carries its protection tag in the emulator. One Pod at a time, each
   * running an image no other Pod runs.
   */
  void sampleStarts(MetricsScrape metrics, BooleanSupplier alive) throws Exception {
    String figure =
        protecting()
            ? "Pod started → its image carries a " + KEEP_TAG_PREFIX + "* tag in ECR"
            : "Pod started → " + IMAGES_IN_USE + " counts its image";
    if (!watching() || plan.samples() == 0) {
      report.put(section, figure, "not measured: --in-use-protection off watches nothing");
      return;
    }
    int samples = plan.samples();
    double base = gauge(metrics);
    try (var phase = progress.phase("creating " + samples + " anchor Pods (never started)")) {
      for (int s = 0; s < samples; s++) {
        PodPlan.Sample sample = plan.sample(s);
        create(
            sample.namespace(),
            "anchor-" + s,
            List.of(
                new PodPlan.Container(
                    "app",
                    sample.repository(),
                    plan.byTag(sample.repository(), PodPlan.ROLLOUT_TAG),
                    sample.anchorDigest())));
      }
      if (await(() -> gauge(metrics) >= base + samples, deadline(), alive) == null) {
        throw new IllegalStateException("the anchors' tag was not shown in use");
      }
    }
    InUseSignal signal = protecting() ? new ProtectionTag() : new Gauge(metrics);
    List<Sighting> sightings = new ArrayList<>();
    List<Duration> looks = new ArrayList<>();
    int missed = 0;
    AtomicInteger done = new AtomicInteger();
    try (var phase =
        progress.phase(
            "starting " + samples + " sample Pods one at a time, each until the operator knows",
            () -> done.get() + "/" + samples + " known")) {
      for (int s = 0; s < samples; s++) {
        PodPlan.Sample sample = plan.sample(s);
        // A new build under the rollout tag, which the sample Pod then pulls and runs.
        ecr.push(
            SandboxServers.REGION,
            List.of(
                new EmulatorSideDoor.Seed(
                    sample.repository(), sample.digest(), List.of(PodPlan.ROLLOUT_TAG))));
        List<PodPlan.Container> containers =
            List.of(
                new PodPlan.Container(
                    "app",
                    sample.repository(),
                    plan.byTag(sample.repository(), PodPlan.ROLLOUT_TAG),
                    sample.digest()));
        Pod pod = create(sample.namespace(), "sample-" + s, containers);
        BooleanSupplier seen = signal.after(sample);
        // The Pod's start: from the moment the benchmark, as kubelet, sends its status.
        long t0 = System.nanoTime();
        start(pod, containers, plan.pods() + s);
        Optional<Sighting> sighting =
            Sighting.watch(
                System::nanoTime,
                d -> Thread.sleep(d.toMillis()),
                t0,
                seen,
                POLL,
                SAMPLE_TIMEOUT,
                alive,
                looks);
        sighting.ifPresent(sightings::add);
        if (sighting.isEmpty()) {
          missed++;
        }
        done.incrementAndGet();
      }
    }
    report.put(
        section,
        figure + ", at the latest (the end of the first look that saw it)",
        new Latencies(sightings.stream().map(Sighting::by).toList()).describe(),
        missed == 0 ? "" : missed + " not seen in " + SAMPLE_TIMEOUT.toSeconds() + " s");
    report.put(
        section,
        figure + ", at the earliest (the start of the last look that did not see it)",
        new Latencies(sightings.stream().map(Sighting::notBefore).toList()).describe());
    report.put(
        section,
        "samples seen at the first look after the status write",
        sightings.stream().filter(x -> x.looks() == 1).count() + " of " + sightings.size());
    report.put(
        section,
        "one look ("
            + (protecting() ? "the emulator's images of the repository" : "a scrape of /metrics")
            + "), "
            + POLL.toMillis()
            + " ms after the last",
        new Latencies(looks).describe());
  }

  /** How the benchmark sees that the operator took a started Pod's image in. */
  private interface InUseSignal {
    /**
     * Called once the sample Pod exists and before it starts: the check that tells when the
     * operator has its image.
     */
    BooleanSupplier after(PodPlan.Sample sample);
  }

  /** {@code report}: the gauge of distinct images in use counts one more. */
  private static final class Gauge implements InUseSignal {
    private final MetricsScrape metrics;

    Gauge(MetricsScrape metrics) {
      this.metrics = metrics;
    }

    @Override
    public BooleanSupplier after(PodPlan.Sample sample) {
      double before = gauge(metrics);
      return () -> gauge(metrics) > before;
    }
  }

  /** {@code protect}: the image the Pod runs carries a protection tag in the emulator. */
  private final class ProtectionTag implements InUseSignal {
    @Override
    public BooleanSupplier after(PodPlan.Sample sample) {
      return () -> protectedDigests(sample.repository()).contains(sample.digest());
    }
  }

  /** {@code protect}: waits until every image the Pods run carries a protection tag. */
  private void awaitProtected(Instant lastStarted, BooleanSupplier alive) throws Exception {
    Set<String> wanted = new HashSet<>();
    for (int i = 0; i < plan.pods(); i++) {
      for (PodPlan.Container c : plan.pod(i).containers()) {
        wanted.add(c.repository() + "@" + c.digest());
      }
    }
    int expected = wanted.size();
    AtomicInteger tagged = new AtomicInteger();
    Duration took;
    try (var phase =
        progress.phase(
            "until every image in use carries a protection tag",
            () -> tagged.get() + "/" + expected + " tagged")) {
      took =
          await(
              () -> {
                for (String repository : plan.repositories()) {
                  for (String digest : protectedDigests(repository)) {
                    if (wanted.remove(repository + "@" + digest)) {
                      tagged.incrementAndGet();
                    }
                  }
                }
                return wanted.isEmpty();
              },
              deadline(),
              alive);
    }
    report.put(
        section,
        "last Pod started → every image in use carries a protection tag",
        took == null
            ? "not reached: " + tagged.get() + " of " + expected
            : OperatorBenchmark.seconds(Duration.between(lastStarted, Instant.now())));
  }

  private Set<String> protectedDigests(String repository) {
    Set<String> digests = new HashSet<>();
    ecr.images(SandboxServers.REGION, repository)
        .forEach(
            (digest, tags) -> {
              if (tags.stream().anyMatch(t -> t.startsWith(KEEP_TAG_PREFIX))) {
                digests.add(digest);
              }
            });
    return digests;
  }

  private Duration deadline() {
    return Duration.ofMinutes(5).plus(Duration.ofMillis(plan.pods() * 20L));
  }

  private static double gauge(MetricsScrape metrics) {
    return metrics.gauge(IMAGES_IN_USE).orElse(0);
  }

  private static String gaugeText(MetricsScrape metrics) {
    return String.format("%.0f", gauge(metrics));
  }

  /**
   * Looks every {@link #POLL} until {@code done}: the time to the end of the look that saw it, or
   * null when the time is up or {@code alive} turns false.
   */
  private static Duration await(BooleanSupplier done, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    return Sighting.watch(
            System::nanoTime,
            d -> Thread.sleep(d.toMillis()),
            System.nanoTime(),
            done,
            POLL,
            timeout,
            alive,
            new ArrayList<>())
        .map(Sighting::by)
        .orElse(null);
  }

  /** The ServiceAccount the controller-manager would create in each namespace. */
  private void defaultServiceAccounts() {
    for (String namespace : plan.namespaces()) {
      try {
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName("default")
                    .withNamespace(namespace)
                    .endMetadata()
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  /** A Pod as a scheduler leaves it: bound to a node, no status yet. */
  private Pod create(String namespace, String name, List<PodPlan.Container> containers) {
    List<Container> specs = new ArrayList<>();
    for (PodPlan.Container c : containers) {
      specs.add(new ContainerBuilder().withName(c.name()).withImage(c.image()).build());
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels("app.kubernetes.io/part-of", "ecr-operator-bench")
            .endMetadata()
            .withNewSpec()
            .withNodeName("bench-node-" + Math.floorMod(name.hashCode(), NODES))
            .withContainers(specs)
            .endSpec()
            .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /**
   * What a kubelet writes once a Pod's containers run: the benchmark writes it in the kubelet's
   * place, through the status subresource.
   */
  private void start(Pod pod, List<PodPlan.Container> containers, int index) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (PodPlan.Container c : containers) {
      statuses.add(
          new ContainerStatusBuilder()
              .withName(c.name())
              .withImage(c.image())
              .withImageID(plan.byDigest(c.repository(), c.digest()))
              .withContainerID(
                  "containerd://"
                      + PodPlan.digest(pod.getMetadata().getUid(), c.name()).substring(7))
              .withReady(true)
              .withStarted(true)
              .withRestartCount(0)
              .withNewState()
              .withNewRunning()
              .withStartedAt(now)
              .endRunning()
              .endState()
              .build());
    }
    List<PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus("True")
              .withLastTransitionTime(now)
              .build());
    }
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withHostIP(
                "10.0.0." + (1 + Math.floorMod(pod.getSpec().getNodeName().hashCode(), 250)))
            .withPodIP("10.1." + (index / 250) % 250 + "." + (1 + index % 250))
            .withStartTime(now)
            .withConditions(conditions)
            .withContainerStatuses(statuses)
            .build());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }
}
