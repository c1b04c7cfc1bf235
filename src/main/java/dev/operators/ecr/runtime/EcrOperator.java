package dev.operators.ecr.runtime;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.Accounts;
import dev.operators.ecr.aws.BatchingEcrPort;
import dev.operators.ecr.aws.CallRateLimiter;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.EcrPorts;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.aws.RateLimitedEcrPort;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.reconciler.AccessSettings;
import dev.operators.ecr.reconciler.EcrAccessReconciler;
import dev.operators.ecr.reconciler.EcrLifecyclePolicyReconciler;
import dev.operators.ecr.reconciler.EcrPullThroughCacheRuleReconciler;
import dev.operators.ecr.reconciler.EcrRegistryReconciler;
import dev.operators.ecr.reconciler.EcrRepositoryCreationTemplateReconciler;
import dev.operators.ecr.reconciler.EcrRepositoryReconciler;
import dev.operators.ecr.reconciler.InUseChanges;
import dev.operators.ecr.reconciler.ReconcileRequests;
import dev.operators.ecr.reconciler.RepositoryEvents;
import dev.operators.ecr.reconciler.ResyncSchedule;
import dev.operators.ecr.reconciler.SettingReconciler;
import dev.operators.ecr.reconciler.StatusWriter;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.SerializedStore;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.runtime.health.EcrHealth;
import dev.operators.ecr.runtime.health.Readiness;
import dev.operators.ecr.runtime.inuse.ImagesInUse;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.metrics.MeteredEcrPort;
import dev.operators.ecr.runtime.metrics.MeteredStatusWriter;
import dev.operators.ecr.runtime.metrics.OperatorMetrics;
import dev.operators.ecr.runtime.metrics.ResourceState;
import dev.operators.ecr.sync.InUseLookup;
import dev.operators.ecr.sync.LifecyclePreviews;
import dev.operators.ecr.sync.PullThroughCacheRuleSync;
import dev.operators.ecr.sync.RegistrySync;
import dev.operators.ecr.sync.RepositoryCreationTemplateSync;
import dev.operators.ecr.sync.RepositoryDeletion;
import dev.operators.ecr.sync.RepositorySync;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator wired together: JOSDK, the EcrRepository reconciler and its collaborators, leader
 * election, metrics and readiness. The {@code run} command, the sandbox and the tests all start it
 * through here.
 */
public final class EcrOperator implements AutoCloseable {

  // Transient ECR failures are retried without limit, backing off to this interval at most.
  static final Duration RETRY_INITIAL = Duration.ofSeconds(1);
  static final Duration RETRY_MAX = Duration.ofMinutes(5);

  // On stop, reconciles under way get this long to finish before they are interrupted; only then
  // is the leader lease given up. Well inside Kubernetes' default 30 s termination grace period.
  static final Duration RECONCILE_TERMINATION = Duration.ofSeconds(10);

  // The rate limit of the operator's own identity, whose account is known only once asked.
  private static final String AMBIENT_LIMIT = "ambient";

  private final Operator operator;
  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final EcrHealth ecrHealth;
  private final Leadership leadership;
  private final PerIdentity<BatchingEcrPort> batching;
  private final ImagesInUse imagesInUse;

  private EcrOperator(
      Operator operator,
      KubernetesClient client,
      OperatorMetrics metrics,
      EcrHealth ecrHealth,
      Leadership leadership,
      PerIdentity<BatchingEcrPort> batching,
      ImagesInUse imagesInUse) {
    this.operator = operator;
    this.client = client;
    this.metrics = metrics;
    this.ecrHealth = ecrHealth;
    this.leadership = leadership;
    this.batching = batching;
    this.imagesInUse = imagesInUse;
  }

  /**
   * Registers the controllers and starts them; returns once the informers are synced. Losing the
   * leader lease, when leader election is on, ends the process.
   */
  public static EcrOperator start(
      KubernetesClient client, EcrPort ecr, OperatorSettings settings, Clock clock) {
    return create(client, ecr, settings, clock, Leadership.EXIT_PROCESS).start();
  }

  /** As {@link #start(KubernetesClient, EcrPort, OperatorSettings, Clock)}, a port per identity. */
  public static EcrOperator start(
      KubernetesClient client, EcrPorts ports, OperatorSettings settings, Clock clock) {
    return create(client, ports, settings, clock, Leadership.EXIT_PROCESS).start();
  }

  /**
   * Registers the controllers without starting them, so that probes can be answered (not ready)
   * while {@link #start()} waits for the informers.
   *
   * @param onLeadershipLost what to do when the leader lease is lost other than by {@link
   *     #close()}; {@link Leadership#EXIT_PROCESS} in production
   */
  public static EcrOperator create(
      KubernetesClient client,
      EcrPort ecr,
      OperatorSettings settings,
      Clock clock,
      Runnable onLeadershipLost) {
    return create(client, EcrPorts.ambientOnly(ecr), settings, clock, onLeadershipLost);
  }

  /**
   * As {@link #create(KubernetesClient, EcrPort, OperatorSettings, Clock, Runnable)}, with the ECR
   * port of each AWS identity the resources name.
   */
  public static EcrOperator create(
      KubernetesClient client,
      EcrPorts ports,
      OperatorSettings settings,
      Clock clock,
      Runnable onLeadershipLost) {
    OperatorMetrics metrics = new OperatorMetrics();
    EcrHealth ecrHealth = new EcrHealth(clock);
    Leadership leadership = leadership(client, settings, onLeadershipLost);
    // Server-side apply is off by default (docs/design.md, "Server-side apply"): measured on a real
    // API server, and the path every test layer runs, the fabric8 mock answering SSA with 415.
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  // JOSDK's fixed pool, but queued reconciles hold names (NameOnlyReconcileQueue).
                  .withExecutorService(new NameOnlyReconcileQueue(settings.reconcileThreads()))
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION)
                  .withMetrics(metrics.reconcileMetrics());
              LeaderElectionSettings election = settings.leaderElection();
              if (election != null) {
                // exitOnStopLeading is false: Leadership decides, so that stopping the operator
                // on purpose does not end the JVM.
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        election.leaseName(),
                        leaseNamespace(client, election),
                        election.leaseDuration(),
                        election.renewDeadline(),
                        election.retryPeriod(),
                        election.identity(),
                        leadership.callbacks(),
                        false));
              }
            });
    // Per identity, the decorated chain, built once on first use: the rate limit is shared by all
    // the identities of one account (the ambient one keyed apart, its account unknown until
    // asked), the metrics and the batching are each identity's own.
    Map<String, CallRateLimiter> limiters = new ConcurrentHashMap<>();
    PerIdentity<BatchingEcrPort> chains =
        new PerIdentity<>(
            identity -> {
              EcrPort raw = ports.of(identity);
              EcrPort limited =
                  settings.awsCallsPerSecond() > 0
                      ? new RateLimitedEcrPort(
                          raw,
                          limiters.computeIfAbsent(
                              identity.ambient() ? AMBIENT_LIMIT : identity.account(),
                              account -> new CallRateLimiter(settings.awsCallsPerSecond())))
                      : raw;
              // Readiness follows the operator's own identity only: a team's role that is denied
              // shows on that team's resources, and must not take the whole operator out.
              EcrPort metered =
                  new MeteredEcrPort(limited, metrics, identity.ambient() ? ecrHealth : null);
              // Outermost, so that the rate limit and the metrics see the calls actually sent.
              return new BatchingEcrPort(metered);
            });
    AccessSettings access =
        new AccessSettings(settings.ambientCredentials(), new Accounts(chains::of));
    // What runs in the cluster (docs/design.md, "Keep what runs"): the guard on lifecycle policies
    // reads it at each preview; with protection off nothing is watched and there is no guard.
    ImagesInUse imagesInUse =
        ImagesInUse.create(client, settings.inUse(), settings.namespaces(), clock);
    metrics.gaugeImagesInUse(() -> imagesInUse.index().images());
    InUseLookup inUse =
        settings.inUse().protection() == InUseProtection.OFF ? null : lookup(imagesInUse);
    InUseChanges inUseChanges = inUse == null ? null : new InUseChanges();
    if (inUseChanges != null) {
      imagesInUse.index().listener(inUseChanges);
    }
    RepositoryEvents events = new RepositoryEvents(client, clock);
    StatusWriter statusWriter = new MeteredStatusWriter(metrics, settings.serverSideApply());
    var reconciler =
        new EcrRepositoryReconciler(
            settings.reconciler(),
            new PerIdentity<>(
                identity ->
                    new RepositorySync(
                        chains.of(identity),
                        new LifecyclePreviews(chains.of(identity), settings.previews(), inUse),
                        inUse,
                        ProtectionTags.of(settings.clusterName()),
                        settings.inUse().grace())),
            new PerIdentity<>(identity -> new RepositoryDeletion(chains.of(identity))),
            access,
            events,
            statusWriter,
            clock,
            inUseChanges);
    // The repositories' cache keeps deflated JSON instead of objects (SerializedStore).
    SerializedStore<EcrRepository> repositories =
        SerializedStore.repositories(client.getKubernetesSerialization(), ResourceState::keyOf);
    operator.register(
        reconciler,
        o -> {
          // Each reconcile schedules its own recheck (ResyncSchedule); this only backs it up.
          o.withReconciliationMaxInterval(new ResyncSchedule(settings.resyncPeriod()).backstop());
          o.withRetry(retry());
          o.withRateLimiter(new NoRateLimit());
          if (!settings.namespaces().isEmpty()) {
            o.settingNamespaces(settings.namespaces());
          }
          // A shard takes only its EcrRepositories, filtered by the API server; the informers of
          // what the repositories read (shared policies) stay unfiltered (docs/design.md,
          // "Shards").
          if (!settings.watchSelector().everything()) {
            o.withLabelSelector(settings.watchSelector().toString());
          }
          o.withItemStore(repositories);
          o.withInformerListLimit(Informers.LIST_PAGE);
          steered(o);
        });
    // Counting a policy's users reads every repository: at most one recount per policy per
    // second, however fast the repositories converge.
    if (reconcilesClusterScoped(settings)) {
      operator.register(
          new EcrLifecyclePolicyReconciler(settings.reconciler(), events, statusWriter, clock),
          o -> {
            o.withReconciliationMaxInterval(settings.resyncPeriod());
            o.withRateLimiter(new LinearRateLimiter(Duration.ofSeconds(1), 1));
            o.withItemStore(new TrimmedStore<>());
            o.withInformerListLimit(Informers.LIST_PAGE);
          });
    }
    registerSetting(
        operator,
        new EcrPullThroughCacheRuleReconciler(
            settings.reconciler(),
            new PerIdentity<>(identity -> new PullThroughCacheRuleSync(chains.of(identity))),
            access,
            events,
            statusWriter,
            clock),
        settings);
    registerSetting(
        operator,
        new EcrRepositoryCreationTemplateReconciler(
            settings.reconciler(),
            new PerIdentity<>(identity -> new RepositoryCreationTemplateSync(chains.of(identity))),
            access,
            events,
            statusWriter,
            clock),
        settings);
    registerSetting(
        operator,
        new EcrRegistryReconciler(
            settings.reconciler(),
            new PerIdentity<>(identity -> new RegistrySync(chains.of(identity))),
            access,
            events,
            statusWriter,
            clock),
        settings);
    // Each EcrAccess's own status: its spec checked, no AWS call. Written by one instance, as the
    // other cluster-scoped kinds (docs/design.md, "Shards"); every instance still reads them.
    if (reconcilesClusterScoped(settings)) {
      operator.register(
          new EcrAccessReconciler(statusWriter, clock),
          o -> {
            o.withItemStore(new TrimmedStore<>());
            o.withInformerListLimit(Informers.LIST_PAGE);
          });
    }
    EcrOperator ecrOperator =
        new EcrOperator(operator, client, metrics, ecrHealth, leadership, chains, imagesInUse);
    metrics.countResources(
        () -> operator.getRuntimeInfo().isStarted() ? repositories.counts() : Map.of());
    metrics.gaugeLeadership(leadership.lease(), leadership::leading);
    metrics.gaugeRepositories(repositories::keySet);
    return ecrOperator;
  }

  /**
   * Whether this instance reconciles the cluster-scoped kinds (EcrLifecyclePolicy and the
   * registry-level settings). Each has checks across all of its kind (one claim per setting, one
   * default policy), so one instance takes them all: the one that takes unlabelled EcrRepositories
   * (no selector, or the default instance beside the shards), never a shard (docs/design.md,
   * "Shards").
   */
  public static boolean reconcilesClusterScoped(OperatorSettings settings) {
    return settings.watchSelector().takesUnlabelled();
  }

  private static Leadership leadership(
      KubernetesClient client, OperatorSettings settings, Runnable onLost) {
    LeaderElectionSettings election = settings.leaderElection();
    return election == null
        ? Leadership.always()
        : Leadership.elected(election, leaseNamespace(client, election), onLost);
  }

  private static String leaseNamespace(KubernetesClient client, LeaderElectionSettings election) {
    String namespace =
        election.leaseNamespace() != null ? election.leaseNamespace() : client.getNamespace();
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException(
          "leader election needs a namespace for its lease: set --leader-election-namespace,"
              + " or run in a pod (POD_NAMESPACE or the service account's namespace)");
    }
    return namespace;
  }

  // Transient ECR failures: retried without limit, backing off from RETRY_INITIAL to RETRY_MAX.
  private static GenericRetry retry() {
    return new GenericRetry()
        .setInitialInterval(RETRY_INITIAL.toMillis())
        .setIntervalMultiplier(2.0)
        .setMaxInterval(RETRY_MAX.toMillis())
        .withoutMaxAttempts();
  }

  // A registry-level kind: few resources, each rechecked at its point in the resync period, and
  // transient failures retried as the repositories' are.
  private static void registerSetting(
      Operator operator, SettingReconciler<?, ?, ?, ?> reconciler, OperatorSettings settings) {
    if (!reconcilesClusterScoped(settings)) {
      return;
    }
    operator.register(
        reconciler,
        o -> {
          o.withReconciliationMaxInterval(new ResyncSchedule(settings.resyncPeriod()).backstop());
          o.withRetry(retry());
          o.withItemStore(new TrimmedStore<>());
          o.withInformerListLimit(Informers.LIST_PAGE);
          steered(o);
        });
  }

  // A change of the reconcile-request or pause annotation gets a pass although the generation does
  // not move; the operator's own status writes still get none (ReconcileRequests.updates).
  private static <R extends HasMetadata> void steered(ControllerConfigurationOverrider<R> o) {
    o.withGenerationAware(false);
    o.withOnUpdateFilter(ReconcileRequests.updates());
  }

  /**
   * Starts the controllers (and the election); returns once the informers are synced. The watches
   * of what runs start first, and the first passes wait (a bounded time) until they have listed it:
   * a pass that ran before would see no image in use, and could release nothing but would show
   * protection otherwise than it is.
   */
  public EcrOperator start() {
    imagesInUse.start().awaitListed(IN_USE_LISTING);
    operator.start();
    return this;
  }

  /** How long the start waits for the watches of what runs to list it. */
  private static final Duration IN_USE_LISTING = Duration.ofSeconds(30);

  /** Whether this process is ready, and why (see {@link Readiness}). */
  public Readiness readiness() {
    RuntimeInfo info = operator.getRuntimeInfo();
    if (!info.isStarted()) {
      return Readiness.starting();
    }
    List<String> unhealthy =
        info.unhealthyEventSources().entrySet().stream()
            .flatMap(
                controller ->
                    controller.getValue().keySet().stream()
                        .map(source -> controller.getKey() + "/" + source))
            .sorted()
            .toList();
    return Readiness.of(
        unhealthy, leadership.electionEnabled(), leadership.leading(), ecrHealth.problem());
  }

  /** Whether this process reconciles now: it holds the lease, or there is no leader election. */
  public boolean leading() {
    return leadership.leading();
  }

  // The index, read by each pass, and whether the watches have listed what runs yet.
  private static InUseLookup lookup(ImagesInUse imagesInUse) {
    return new InUseLookup() {
      @Override
      public Map<EcrImage, List<Workload>> inUse(String account, String region, String repository) {
        return imagesInUse.index().inUse(account, region, repository);
      }

      @Override
      public boolean ready() {
        return imagesInUse.synced();
      }
    };
  }

  /** The watches on what runs, and the index they fill. */
  public ImagesInUse imagesInUse() {
    return imagesInUse;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** The controller JOSDK runs for {@code kind}, as registered. */
  RegisteredController<?> controllerOf(Class<? extends HasMetadata> kind) {
    return operator.getRegisteredControllers().stream()
        .filter(c -> c.getConfiguration().getResourceClass().equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no controller of " + kind));
  }

  /** Stops reconciling, then gives the leader lease up if this process held it. */
  @Override
  public void close() {
    leadership.stopping();
    imagesInUse.close();
    try {
      operator.stop();
      leadership.release(client);
    } finally {
      batching.built().forEach(BatchingEcrPort::close);
      metrics.close();
    }
  }
}
