package dev.operators.ecr.runtime;

import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.desired.DesiredSettings;
import dev.operators.ecr.policy.StoragePrices;
import dev.operators.ecr.reconciler.ReconcilerSettings;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.sync.PreviewSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one operator process is configured.
 *
 * @param defaultRegion region for resources that name none; may be null when every resource names
 *     its own
 * @param awsEndpoint ECR endpoint override (any ECR-compatible endpoint); null for AWS itself
 * @param namespaces namespaces to watch; empty means all
 * @param resyncPeriod how often each resource is rechecked against ECR with no event
 * @param clusterName identifies this cluster in the owner tag of every repository it manages
 * @param reconcileThreads how many resources are reconciled at once
 * @param awsMaxAttempts attempts per ECR call, the first included (the AWS SDK retries the rest)
 * @param tenancyGuard when on, a repository name must start with its resource's namespace and /
 * @param previewPeriod how often the lifecycle preview on the status is refreshed
 * @param previewWait how long a reconcile waits for ECR to finish a lifecycle preview
 * @param expiryWarningShare a policy change that would expire more than this share of the
 *     repository's images at once gets a Warning Event first
 * @param storagePrices what ECR storage costs, in US dollars per GB-month, for the money shown in
 *     the lifecycle preview
 * @param leaderElection the Lease that decides which process reconciles; null when every process
 *     reconciles (a single replica, a local run)
 * @param httpAddress where {@code /healthz}, {@code /readyz} and {@code /metrics} are served; null
 *     for nowhere
 * @param awsCallsPerSecond ECR calls this process makes per second and region at most, so that a
 *     large cluster does not exhaust the account's ECR throttles; 0 for no limit
 * @param serverSideApply write finalizers and status with server-side apply (docs/design.md,
 *     "Server-side apply"); false by default
 * @param inUse which objects of the cluster count as running images, and what is done about them
 *     (docs/design.md, "Keep what runs")
 * @param watchSelector the label selector on the EcrRepositories this instance takes (a shard,
 *     docs/design.md, "Shards"); {@link WatchSelector#EVERYTHING} for all
 * @param ambientCredentials whether a resource no EcrAccess serves is handled with the operator's
 *     own credentials (docs/design.md, "Which AWS identity acts"); all by default
 */
public record OperatorSettings(
    String defaultRegion,
    URI awsEndpoint,
    Set<String> namespaces,
    Duration resyncPeriod,
    String clusterName,
    int reconcileThreads,
    int awsMaxAttempts,
    boolean tenancyGuard,
    Duration previewPeriod,
    Duration previewWait,
    double expiryWarningShare,
    StoragePrices storagePrices,
    LeaderElectionSettings leaderElection,
    InetSocketAddress httpAddress,
    double awsCallsPerSecond,
    boolean serverSideApply,
    InUseSettings inUse,
    WatchSelector watchSelector,
    AmbientCredentials ambientCredentials) {

  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);
  public static final String DEFAULT_CLUSTER_NAME = "default";
  public static final int DEFAULT_RECONCILE_THREADS = 10;
  public static final int DEFAULT_AWS_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_PREVIEW_PERIOD = Duration.ofHours(6);
  public static final Duration DEFAULT_PREVIEW_WAIT = Duration.ofSeconds(5);
  public static final double DEFAULT_EXPIRY_WARNING_SHARE = 0.5;
  public static final double DEFAULT_AWS_CALLS_PER_SECOND = 20;

  public OperatorSettings {
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    positive("the resync period", resyncPeriod);
    positive("the preview period", previewPeriod);
    Objects.requireNonNull(previewWait, "previewWait");
    inUse = inUse == null ? InUseSettings.DEFAULT : inUse;
    watchSelector = watchSelector == null ? WatchSelector.EVERYTHING : watchSelector;
    ambientCredentials = ambientCredentials == null ? AmbientCredentials.ALL : ambientCredentials;
    Objects.requireNonNull(storagePrices, "storagePrices");
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException("the cluster name must not be empty");
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcile threads must be at least 1");
    }
    if (awsMaxAttempts < 1) {
      throw new IllegalArgumentException("AWS max attempts must be at least 1");
    }
    if (!(awsCallsPerSecond >= 0)) {
      throw new IllegalArgumentException(
          "ECR calls per second must be 0 (no limit) or more, not " + awsCallsPerSecond);
    }
    if (!(expiryWarningShare >= 0 && expiryWarningShare <= 1)) {
      throw new IllegalArgumentException(
          "the expiry warning share is a fraction from 0 to 1, not " + expiryWarningShare);
    }
  }

  /**
   * How many ECR calls this process can have in flight to one region: one per reconcile thread
   * (each makes one call at a time; a thread waiting for a batched DescribeRepositories makes
   * none), and the region's DescribeRepositories batch dispatcher. The HTTP connection pool of each
   * region's client is sized to it.
   */
  public int ecrConnectionsPerRegion() {
    return reconcileThreads + 1;
  }

  /** What the desired state depends on: the cluster name, the default region, the tenancy guard. */
  public DesiredSettings desired() {
    return new DesiredSettings(clusterName, defaultRegion, tenancyGuard, inUse.defaultMode());
  }

  /** How lifecycle previews are asked of ECR. */
  public PreviewSettings previews() {
    return new PreviewSettings(previewPeriod, previewWait, expiryWarningShare, storagePrices);
  }

  /** What the reconcilers use. */
  public ReconcilerSettings reconciler() {
    return new ReconcilerSettings(desired(), resyncPeriod, namespaces);
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  /** Settings for a region with every other value at its default. */
  public static OperatorSettings forRegion(String region) {
    return builder().defaultRegion(region).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .defaultRegion(defaultRegion)
        .awsEndpoint(awsEndpoint)
        .namespaces(namespaces)
        .resyncPeriod(resyncPeriod)
        .clusterName(clusterName)
        .reconcileThreads(reconcileThreads)
        .awsMaxAttempts(awsMaxAttempts)
        .tenancyGuard(tenancyGuard)
        .previewPeriod(previewPeriod)
        .previewWait(previewWait)
        .expiryWarningShare(expiryWarningShare)
        .storagePrices(storagePrices)
        .awsCallsPerSecond(awsCallsPerSecond)
        .leaderElection(leaderElection)
        .httpAddress(httpAddress)
        .serverSideApply(serverSideApply)
        .inUse(inUse)
        .watchSelector(watchSelector)
        .ambientCredentials(ambientCredentials);
  }

  /** Builds settings; every value has a default. */
  public static final class Builder {
    private String defaultRegion;
    private URI awsEndpoint;
    private Set<String> namespaces = Set.of();
    private Duration resyncPeriod = DEFAULT_RESYNC;
    private String clusterName = DEFAULT_CLUSTER_NAME;
    private int reconcileThreads = DEFAULT_RECONCILE_THREADS;
    private int awsMaxAttempts = DEFAULT_AWS_MAX_ATTEMPTS;
    private boolean tenancyGuard;
    private Duration previewPeriod = DEFAULT_PREVIEW_PERIOD;
    private Duration previewWait = DEFAULT_PREVIEW_WAIT;
    private double expiryWarningShare = DEFAULT_EXPIRY_WARNING_SHARE;
    private StoragePrices storagePrices = StoragePrices.PUBLISHED;
    private double awsCallsPerSecond = DEFAULT_AWS_CALLS_PER_SECOND;
    private LeaderElectionSettings leaderElection;
    private InetSocketAddress httpAddress;
    private boolean serverSideApply;
    private InUseSettings inUse = InUseSettings.DEFAULT;
    private WatchSelector watchSelector = WatchSelector.EVERYTHING;
    private AmbientCredentials ambientCredentials = AmbientCredentials.ALL;

    private Builder() {}

    public Builder defaultRegion(String value) {
      this.defaultRegion = value;
      return this;
    }

    public Builder awsEndpoint(URI value) {
      this.awsEndpoint = value;
      return this;
    }

    public Builder namespaces(Set<String> value) {
      this.namespaces = value;
      return this;
    }

    public Builder resyncPeriod(Duration value) {
      this.resyncPeriod = value;
      return this;
    }

    public Builder clusterName(String value) {
      this.clusterName = value;
      return this;
    }

    public Builder reconcileThreads(int value) {
      this.reconcileThreads = value;
      return this;
    }

    public Builder awsMaxAttempts(int value) {
      this.awsMaxAttempts = value;
      return this;
    }

    public Builder tenancyGuard(boolean value) {
      this.tenancyGuard = value;
      return this;
    }

    public Builder previewPeriod(Duration value) {
      this.previewPeriod = value;
      return this;
    }

    public Builder previewWait(Duration value) {
      this.previewWait = value;
      return this;
    }

    public Builder awsCallsPerSecond(double value) {
      this.awsCallsPerSecond = value;
      return this;
    }

    public Builder expiryWarningShare(double value) {
      this.expiryWarningShare = value;
      return this;
    }

    /** AWS's published prices ({@link StoragePrices#PUBLISHED}) by default. */
    public Builder storagePrices(StoragePrices value) {
      this.storagePrices = value;
      return this;
    }

    /** Null (the default): no leader election, this process reconciles. */
    public Builder leaderElection(LeaderElectionSettings value) {
      this.leaderElection = value;
      return this;
    }

    /** Null (the default): no HTTP endpoints. Port 0 picks a free port. */
    public Builder httpAddress(InetSocketAddress value) {
      this.httpAddress = value;
      return this;
    }

    /**
     * True: finalizers and status are written with server-side apply (field manager ecr-operator)
     * instead of a JSON patch and an update of the status subresource.
     */
    public Builder serverSideApply(boolean value) {
      this.serverSideApply = value;
      return this;
    }

    /** What counts as running, and what is done about it; report from every source by default. */
    public Builder inUse(InUseSettings value) {
      this.inUse = value;
      return this;
    }

    /** Every EcrRepository ({@link WatchSelector#EVERYTHING}) by default. */
    public Builder watchSelector(WatchSelector value) {
      this.watchSelector = value;
      return this;
    }

    /** {@link AmbientCredentials#ALL} by default: what every install before EcrAccess did. */
    public Builder ambientCredentials(AmbientCredentials value) {
      this.ambientCredentials = value;
      return this;
    }

    public OperatorSettings build() {
      return new OperatorSettings(
          defaultRegion,
          awsEndpoint,
          namespaces,
          resyncPeriod,
          clusterName,
          reconcileThreads,
          awsMaxAttempts,
          tenancyGuard,
          previewPeriod,
          previewWait,
          expiryWarningShare,
          storagePrices,
          leaderElection,
          httpAddress,
          awsCallsPerSecond,
          serverSideApply,
          inUse,
          watchSelector,
          ambientCredentials);
    }
  }
}
