package dev.operators.ecr.cli;

import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.policy.StoragePrices;
import dev.operators.ecr.runtime.Durations;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.LeaderElectionSettings;
import dev.operators.ecr.runtime.OperatorProcess;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.WatchSelector;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.runtime.inuse.InUseSource;
import dev.operators.ecr.runtime.logging.LogFormat;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code run}: the operator against the cluster of the kubeconfig, or the one it runs in. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator (the default command).",
      "Exit status: 1 the Kubernetes API does not answer at start, or the leader lease was lost; 2"
          + " a flag value it cannot use (one line naming the flag)."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--region",
      defaultValue = "${env:ECR_OPERATOR_REGION:-${env:AWS_REGION}}",
      description = "Region for resources that name none. Env: ECR_OPERATOR_REGION, AWS_REGION.")
  String region;

  @Option(
      names = "--aws-endpoint",
      defaultValue = "${env:ECR_OPERATOR_AWS_ENDPOINT}",
      description = "An ECR-compatible endpoint instead of AWS. Env: ECR_OPERATOR_AWS_ENDPOINT.")
  URI awsEndpoint;

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:ECR_OPERATOR_NAMESPACES}",
      description =
          "Namespaces to watch, comma-separated; all when empty. Env: ECR_OPERATOR_NAMESPACES.")
  List<String> namespaces;

  @Option(
      names = "--resync-period",
      defaultValue = "${env:ECR_OPERATOR_RESYNC_PERIOD:-10m}",
      description =
          "How often each repository is rechecked against ECR (e.g. 10m, 1h). Env: ECR_OPERATOR_RESYNC_PERIOD.")
  String resyncPeriod;

  @Option(
      names = "--cluster-name",
      defaultValue = "${env:ECR_OPERATOR_CLUSTER_NAME:-default}",
      description =
          "Names this cluster in the owner tag of every repository. Env: ECR_OPERATOR_CLUSTER_NAME.")
  String clusterName;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:ECR_OPERATOR_RECONCILE_THREADS:-10}",
      description = "Resources reconciled at once. Env: ECR_OPERATOR_RECONCILE_THREADS.")
  int reconcileThreads;

  @Option(
      names = "--aws-calls-per-second",
      defaultValue = "${env:ECR_OPERATOR_AWS_CALLS_PER_SECOND:-20}",
      description =
          "ECR calls per second and region at most (0: no limit). Env:"
              + " ECR_OPERATOR_AWS_CALLS_PER_SECOND.")
  double awsCallsPerSecond;

  @Option(
      names = "--aws-max-attempts",
      defaultValue = "${env:ECR_OPERATOR_AWS_MAX_ATTEMPTS:-5}",
      description =
          "Attempts per ECR call, with backoff and jitter. Env: ECR_OPERATOR_AWS_MAX_ATTEMPTS.")
  int awsMaxAttempts;

  @Option(
      names = "--tenancy-guard",
      defaultValue = "${env:ECR_OPERATOR_TENANCY_GUARD:-false}",
      description =
          "Require every repository name to start with its resource's namespace and '/'. Env:"
              + " ECR_OPERATOR_TENANCY_GUARD.")
  boolean tenancyGuard;

  @Option(
      names = "--preview-period",
      defaultValue = "${env:ECR_OPERATOR_PREVIEW_PERIOD:-6h}",
      description =
          "How often the lifecycle preview on each status is refreshed. Env:"
              + " ECR_OPERATOR_PREVIEW_PERIOD.")
  String previewPeriod;

  @Option(
      names = "--preview-wait",
      defaultValue = "${env:ECR_OPERATOR_PREVIEW_WAIT:-5s}",
      description =
          "How long a reconcile waits for ECR to finish a lifecycle preview. Env:"
              + " ECR_OPERATOR_PREVIEW_WAIT.")
  String previewWait;

  @Option(
      names = "--expiry-warning-percent",
      defaultValue = "${env:ECR_OPERATOR_EXPIRY_WARNING_PERCENT:-50}",
      description =
          "Warn (Event) before applying a policy that would expire more than this percentage of"
              + " a repository's images. Env: ECR_OPERATOR_EXPIRY_WARNING_PERCENT.")
  double expiryWarningPercent;

  @Option(
      names = "--standard-storage-price",
      defaultValue = "${env:ECR_OPERATOR_STANDARD_STORAGE_PRICE}",
      description =
          "US dollars per GB-month of standard storage, for the money a lifecycle preview saves;"
              + " default: AWS's published price (docs/ecr-semantics.md §3.10). Env:"
              + " ECR_OPERATOR_STANDARD_STORAGE_PRICE.")
  String standardStoragePrice;

  @Option(
      names = "--archive-storage-price",
      defaultValue = "${env:ECR_OPERATOR_ARCHIVE_STORAGE_PRICE}",
      description =
          "US dollars per GB-month of archive storage; default: AWS's published price for the"
              + " first 150 TB (docs/ecr-semantics.md §3.10). Env:"
              + " ECR_OPERATOR_ARCHIVE_STORAGE_PRICE.")
  String archiveStoragePrice;

  @Option(
      names = "--server-side-apply",
      arity = "0..1",
      defaultValue = "${env:ECR_OPERATOR_SERVER_SIDE_APPLY:-false}",
      description =
          "Write finalizers and status with server-side apply instead of a patch and an update"
              + " (needs patch on the status subresources; docs/design.md). Env:"
              + " ECR_OPERATOR_SERVER_SIDE_APPLY.")
  boolean serverSideApply;

  @Option(
      names = "--in-use-protection",
      defaultValue = "${env:ECR_OPERATOR_IN_USE_PROTECTION:-report}",
      description =
          "Images the cluster runs, for repositories whose spec.inUseProtection does not say: off"
              + " (not watched), report (the status and an Event name the images in use a"
              + " lifecycle policy would take; nothing in ECR changes) or protect (they carry a"
              + " protection tag and a first policy rule keeps them; read the README before). Env:"
              + " ECR_OPERATOR_IN_USE_PROTECTION.")
  String inUseProtection;

  @Option(
      names = "--in-use-grace",
      defaultValue = "${env:ECR_OPERATOR_IN_USE_GRACE:-24h}",
      description =
          "How long an image stays protected after the cluster stopped using it (e.g. 24h, 30m;"
              + " 0 for none). Env: ECR_OPERATOR_IN_USE_GRACE.")
  String inUseGrace;

  @Option(
      names = "--in-use-sources",
      split = ",",
      defaultValue =
          "${env:ECR_OPERATOR_IN_USE_SOURCES:-pods,deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs}",
      description =
          "What counts as running, comma-separated among pods, deployments, replicasets,"
              + " statefulsets, daemonsets, jobs and cronjobs (default: all). Env:"
              + " ECR_OPERATOR_IN_USE_SOURCES.")
  List<String> inUseSources;

  @Option(
      names = "--ambient-credentials",
      defaultValue = "${env:ECR_OPERATOR_AMBIENT_CREDENTIALS:-all}",
      description =
          "For resources no EcrAccess serves: all (the operator acts with its own credentials)"
              + " or none (they are Stalled, reason NoAccess; for clusters shared by teams). Env:"
              + " ECR_OPERATOR_AMBIENT_CREDENTIALS.")
  String ambientCredentials;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      defaultValue = "${env:ECR_OPERATOR_LEADER_ELECTION:-false}",
      description =
          "Reconcile only while holding a Lease, so that several replicas can run. Env:"
              + " ECR_OPERATOR_LEADER_ELECTION.")
  boolean leaderElection;

  @Option(
      names = "--leader-election-lease-name",
      defaultValue = "${env:ECR_OPERATOR_LEADER_ELECTION_LEASE_NAME}",
      description =
          "Name of the leader Lease; default "
              + LeaderElectionSettings.DEFAULT_LEASE_NAME
              + ", and with --watch-label-selector that name, a dash and 10 hex digits of the"
              + " selector's SHA-256 (one lease per shard). Env:"
              + " ECR_OPERATOR_LEADER_ELECTION_LEASE_NAME.")
  String leaseName;

  @Option(
      names = "--leader-election-namespace",
      defaultValue = "${env:ECR_OPERATOR_LEADER_ELECTION_NAMESPACE}",
      description =
          "Namespace of the leader Lease; default: the pod's namespace (POD_NAMESPACE or the"
              + " service account's), else the kubeconfig's. Env:"
              + " ECR_OPERATOR_LEADER_ELECTION_NAMESPACE.")
  String leaseNamespace;

  @Option(
      names = "--watch-label-selector",
      defaultValue = "${env:ECR_OPERATOR_WATCH_LABEL_SELECTOR}",
      description =
          "Take only the EcrRepositories this Kubernetes label selector matches (a shard:"
              + " ecr.operators.dev/shard=NAME; the default instance beside the shards:"
              + " '!ecr.operators.dev/shard'); default all. The cluster-scoped kinds are reconciled"
              + " only by an instance whose selector takes unlabelled resources. Env:"
              + " ECR_OPERATOR_WATCH_LABEL_SELECTOR.")
  String watchLabelSelector;

  @Option(
      names = "--http-port",
      defaultValue = "${env:ECR_OPERATOR_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics, on every interface; 0 turns them off. Env:"
              + " ECR_OPERATOR_HTTP_PORT.")
  int httpPort;

  @Option(
      names = "--log-format",
      defaultValue = "${env:ECR_OPERATOR_LOG_FORMAT:-text}",
      converter = LogFormatConverter.class,
      description = "text or json (one JSON object a line). Env: ECR_OPERATOR_LOG_FORMAT.")
  LogFormat logFormat;

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file; default: KUBECONFIG, ~/.kube/config, or in-cluster.")
  Path kubeconfig;

  static final class LogFormatConverter implements ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      try {
        return LogFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    (logFormat == null ? LogFormat.TEXT : logFormat).apply();
    PrintWriter err = spec.commandLine().getErr();
    OperatorSettings settings;
    Config config;
    try {
      settings = settings(System::getenv);
      config = kubernetes();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return ExitCodes.USAGE;
    }
    // Asked once, before the operator's informers would retry for about 20 s and fail at length.
    Optional<String> unreachable = KubernetesApiCheck.unreachable(config);
    if (unreachable.isPresent()) {
      err.println(
          "cannot reach the Kubernetes API at "
              + KubernetesApiCheck.shown(config.getMasterUrl())
              + " ("
              + configSource(config)
              + "): "
              + unreachable.get()
              + "; point the operator at another with --kubeconfig FILE or KUBECONFIG=FILE, or run"
              + " it in a pod of the cluster (in-cluster)");
      return ExitCodes.FAILED;
    }
    OperatorProcess operator;
    try {
      operator = OperatorProcess.start(settings, config, null);
    } catch (RuntimeException e) {
      // A server that answers but refuses (credentials, RBAC, CRDs missing): one line, not
      // JOSDK's stack trace.
      Optional<String> refusal = KubernetesApiCheck.refusal(e);
      if (refusal.isEmpty()) {
        throw e;
      }
      err.println(
          "the Kubernetes API at "
              + KubernetesApiCheck.shown(config.getMasterUrl())
              + " ("
              + configSource(config)
              + ") refused the operator: "
              + refusal.get());
      return ExitCodes.FAILED;
    }
    LOG.info(
        "ecr-operator running: region {}, namespaces {}, resync {}, cluster {}, leader election {},"
            + " monitoring {}",
        settings.defaultRegion() == null ? "(from each resource)" : settings.defaultRegion(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.resyncPeriod(),
        settings.clusterName(),
        settings.leaderElection() == null ? "off" : settings.leaderElection().identity(),
        operator.monitoringAddress().map(a -> "port " + a.getPort()).orElse("off"));
    logShard(settings);
    // The JVM stops once its shutdown hooks have run: the operator is closed in the hook itself,
    // so that reconciles finish and the leader lease is given up before the process ends.
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("ecr-operator stopping");
                  try {
                    operator.close();
                  } finally {
                    closed.countDown();
                  }
                },
                "shutdown"));
    closed.await();
    return 0;
  }

  private static void logShard(OperatorSettings settings) {
    if (settings.watchSelector().everything()) {
      return;
    }
    LOG.info(
        "EcrRepositories taken: those labelled {}; lease {}; cluster-scoped kinds {}",
        settings.watchSelector(),
        settings.leaderElection() == null ? "none" : settings.leaderElection().leaseName(),
        EcrOperator.reconcilesClusterScoped(settings)
            ? "reconciled here"
            : "left to the instance that takes unlabelled resources");
  }

  OperatorSettings settings() {
    return settings(name -> null);
  }

  /**
   * The settings of the flags, with the pod's namespace and name read from {@code environment}.
   * Throws {@link IllegalArgumentException} for a value the operator cannot run with, naming the
   * flag, or its environment variable when the value came from there.
   */
  OperatorSettings settings(Function<String, String> environment) {
    Set<String> watched = new LinkedHashSet<>();
    if (namespaces != null) {
      namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
    }
    return OperatorSettings.builder()
        .defaultRegion(region == null || region.isBlank() ? null : region.trim())
        .awsEndpoint(awsEndpoint)
        .namespaces(watched)
        .resyncPeriod(positive("--resync-period", resyncPeriod))
        .clusterName(check("--cluster-name", clusterName, isName(clusterName), "a name"))
        .reconcileThreads(
            check("--reconcile-threads", reconcileThreads, reconcileThreads >= 1, "at least 1"))
        .awsMaxAttempts(
            check("--aws-max-attempts", awsMaxAttempts, awsMaxAttempts >= 1, "at least 1"))
        .awsCallsPerSecond(
            check(
                "--aws-calls-per-second",
                awsCallsPerSecond,
                awsCallsPerSecond >= 0,
                "0 (no limit) or more"))
        .tenancyGuard(tenancyGuard)
        .serverSideApply(serverSideApply)
        .previewPeriod(positive("--preview-period", previewPeriod))
        .previewWait(duration("--preview-wait", previewWait))
        .expiryWarningShare(
            check(
                    "--expiry-warning-percent",
                    expiryWarningPercent,
                    expiryWarningPercent >= 0 && expiryWarningPercent <= 100,
                    "from 0 to 100")
                / 100.0)
        .storagePrices(
            new StoragePrices(
                price(
                    "--standard-storage-price",
                    standardStoragePrice,
                    StoragePrices.PUBLISHED.standardPerGbMonth()),
                price(
                    "--archive-storage-price",
                    archiveStoragePrice,
                    StoragePrices.PUBLISHED.archivePerGbMonth())))
        .leaderElection(leaderElection ? leaderElection(environment) : null)
        .httpAddress(httpAddress())
        .inUse(inUse())
        .watchSelector(watchSelector())
        .ambientCredentials(ambientCredentials())
        .build();
  }

  private AmbientCredentials ambientCredentials() {
    try {
      return AmbientCredentials.parse(ambientCredentials == null ? "all" : ambientCredentials);
    } catch (IllegalArgumentException e) {
      throw usage("--ambient-credentials", e.getMessage());
    }
  }

  private InUseSettings inUse() {
    InUseProtection protection;
    Set<InUseSource> sources;
    try {
      protection = InUseProtection.parse(inUseProtection == null ? "report" : inUseProtection);
    } catch (IllegalArgumentException e) {
      throw usage("--in-use-protection", e.getMessage());
    }
    try {
      sources = inUseSources == null ? InUseSource.all() : InUseSource.parse(inUseSources);
    } catch (IllegalArgumentException e) {
      throw usage("--in-use-sources", e.getMessage());
    }
    Duration grace = duration("--in-use-grace", inUseGrace);
    check("--in-use-grace", inUseGrace, !grace.isNegative(), "0 or longer");
    return new InUseSettings(protection, sources, grace);
  }

  private WatchSelector watchSelector() {
    try {
      return WatchSelector.parse(watchLabelSelector);
    } catch (IllegalArgumentException e) {
      throw usage("--watch-label-selector", e.getMessage());
    }
  }

  private LeaderElectionSettings leaderElection(Function<String, String> environment) {
    String namespace =
        leaseNamespace != null && !leaseNamespace.isBlank()
            ? leaseNamespace.trim()
            : LeaderElectionSettings.podNamespace(
                    environment, LeaderElectionSettings.SERVICE_ACCOUNT_NAMESPACE)
                .orElse(null);
    // A shard's replicas elect their leader among themselves, not against the other shards.
    String lease =
        leaseName == null
            ? watchSelector().leaseName(LeaderElectionSettings.DEFAULT_LEASE_NAME)
            : check("--leader-election-lease-name", leaseName, isName(leaseName), "a name");
    return LeaderElectionSettings.of(
            namespace, LeaderElectionSettings.candidateIdentity(environment))
        .withLeaseName(lease);
  }

  // The monitoring port is the pod's: every interface, so that the kubelet and Prometheus reach it.
  private InetSocketAddress httpAddress() {
    check("--http-port", httpPort, httpPort >= 0 && httpPort <= 65535, "from 0 (off) to 65535");
    return httpPort == 0 ? null : new InetSocketAddress(httpPort);
  }

  private Config kubernetes() {
    if (kubeconfig == null) {
      return Config.autoConfigure(null);
    }
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (NoSuchFileException e) {
      throw usage("--kubeconfig", kubeconfig + ": no such file");
    } catch (IOException e) {
      throw usage("--kubeconfig", "cannot read " + kubeconfig + ": " + e.getMessage());
    }
  }

  // Where the API server's address came from, as fabric8 looks for it.
  private String configSource(Config config) {
    if (kubeconfig != null) {
      return "from --kubeconfig " + kubeconfig;
    }
    if (config.getFile() != null) {
      return "from the kubeconfig " + config.getFile();
    }
    return System.getenv("KUBERNETES_SERVICE_HOST") != null
        ? "in-cluster"
        : "no kubeconfig found, and not in a pod";
  }

  private BigDecimal price(String flag, String value, BigDecimal published) {
    if (value == null) {
      return published;
    }
    BigDecimal price;
    try {
      price = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      price = null;
    }
    check(
        flag,
        value,
        price != null && price.signum() >= 0,
        "a decimal of 0 or more (US dollars per GB-month)");
    return price;
  }

  private Duration positive(String flag, String value) {
    Duration duration = duration(flag, value);
    check(flag, value, !duration.isNegative() && !duration.isZero(), "longer than 0");
    return duration;
  }

  private Duration duration(String flag, String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw usage(flag, e.getMessage());
    }
  }

  private <T> T check(String flag, T value, boolean valid, String expected) {
    if (!valid) {
      throw usage(flag, "must be " + expected + ", not " + shown(value));
    }
    return value;
  }

  private static boolean isName(String value) {
    return value != null && !value.isBlank();
  }

  private static String shown(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return String.valueOf(d.longValue());
    }
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  /**
   * A flag value the operator cannot run with. The message names the flag, or its environment
   * variable ({@code ECR_OPERATOR_} and the flag's name) when the value was not given as a flag.
   */
  private IllegalArgumentException usage(String flag, String problem) {
    ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
    boolean given = parsed == null || parsed.hasMatchedOption(flag);
    String source =
        given
            ? flag
            : "ECR_OPERATOR_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    return new IllegalArgumentException(source + ": " + problem);
  }
}
