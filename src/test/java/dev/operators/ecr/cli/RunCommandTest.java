package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.policy.StoragePrices;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.WatchSelector;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.runtime.inuse.InUseSource;
import dev.operators.ecr.runtime.logging.LogFormat;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class RunCommandTest {

  private static OperatorSettings settings(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.settings();
  }

  @Test
  void flagsBecomeTheOperatorSettings() {
    OperatorSettings s =
        settings(
            "--region",
            "eu-central-1",
            "--aws-endpoint",
            "http://127.0.0.1:4566",
            "--namespaces",
            "team-a, team-b,",
            "--resync-period",
            "90s",
            "--cluster-name",
            "prod-eu",
            "--reconcile-threads",
            "4",
            "--aws-max-attempts",
            "2",
            "--server-side-apply");

    assertEquals("eu-central-1", s.defaultRegion());
    assertEquals(URI.create("http://127.0.0.1:4566"), s.awsEndpoint());
    assertEquals(Set.of("team-a", "team-b"), s.namespaces());
    assertEquals(Duration.ofSeconds(90), s.resyncPeriod());
    assertEquals("prod-eu", s.clusterName());
    assertEquals(4, s.reconcileThreads());
    assertEquals(2, s.awsMaxAttempts());
    assertTrue(s.serverSideApply());
  }

  @Test
  void defaultsWatchEveryNamespaceAndResyncEveryTenMinutes() {
    OperatorSettings s = settings("--region", "us-east-1");

    assertTrue(s.namespaces().isEmpty());
    assertEquals(Duration.ofMinutes(10), s.resyncPeriod());
    assertEquals("default", s.clusterName());
    assertNull(s.awsEndpoint());
    assertFalse(s.serverSideApply());
  }

  @Test
  void leaderElectionIsOffLocallyAndTakesThePodsNamespaceAndName() {
    assertNull(settings().leaderElection());

    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--leader-election");
    var election =
        run.settings(Map.of("POD_NAMESPACE", "ecr-system", "HOSTNAME", "ecr-operator-7d9f")::get)
            .leaderElection();
    assertEquals("ecr-operator-leader", election.leaseName());
    assertEquals("ecr-system", election.leaseNamespace());
    assertTrue(election.identity().startsWith("ecr-operator-7d9f_"), election.identity());

    run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "--leader-election=true",
            "--leader-election-lease-name",
            "ecr-blue",
            "--leader-election-namespace",
            "ops");
    election = run.settings(Map.of("POD_NAMESPACE", "ecr-system")::get).leaderElection();
    assertEquals("ecr-blue", election.leaseName());
    assertEquals("ops", election.leaseNamespace());
  }

  @Test
  void aShardTakesTheRepositoriesItsSelectorMatchesWithALeaseOfItsOwn() {
    assertEquals(WatchSelector.EVERYTHING, settings().watchSelector());

    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs("--leader-election", "--watch-label-selector", "ecr.operators.dev/shard=a");
    OperatorSettings shard = run.settings(Map.of("POD_NAMESPACE", "ecr-system")::get);
    assertEquals(WatchSelector.parse("ecr.operators.dev/shard=a"), shard.watchSelector());
    assertEquals(
        shard.watchSelector().leaseName("ecr-operator-leader"), shard.leaderElection().leaseName());
    assertFalse(EcrOperator.reconcilesClusterScoped(shard));

    run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "--leader-election",
            "--watch-label-selector",
            "!ecr.operators.dev/shard",
            "--leader-election-lease-name",
            "ecr-operator-leader");
    OperatorSettings unsharded = run.settings(Map.of("POD_NAMESPACE", "ecr-system")::get);
    assertEquals("ecr-operator-leader", unsharded.leaderElection().leaseName(), "as given");
    assertTrue(EcrOperator.reconcilesClusterScoped(unsharded));
    assertTrue(EcrOperator.reconcilesClusterScoped(settings()));
  }

  @Test
  void aBadSelectorIsAUsageErrorNamingTheFlag() {
    assertUsageError(
        "--watch-label-selector: 'ecr.operators.dev/shard in ()': in needs at least one value in"
            + " its parentheses",
        "--watch-label-selector",
        "ecr.operators.dev/shard in ()");
    assertUsageError(
        "--watch-label-selector: 'shard=a b': the value 'a b' must be at most 63 letters, digits,"
            + " '-', '_' or '.', starting and ending with a letter or digit",
        "--watch-label-selector",
        "shard=a b");
  }

  @Test
  void monitoringListsOnEveryInterfaceOnPort8080UnlessTurnedOff() {
    InetSocketAddress address = settings().httpAddress();
    assertEquals(8080, address.getPort());
    assertTrue(address.getAddress().isAnyLocalAddress());
    assertEquals(9090, settings("--http-port", "9090").httpAddress().getPort());
    assertNull(settings("--http-port", "0").httpAddress());
    assertThrows(IllegalArgumentException.class, () -> settings("--http-port", "70000"));
  }

  @Test
  void logFormatIsTextUnlessJsonIsAsked() {
    RunCommand run = new RunCommand();
    new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
    assertEquals(LogFormat.TEXT, run.logFormat);
    new CommandLine(run)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--log-format", "json");
    assertEquals(LogFormat.JSON, run.logFormat);
  }

  @Test
  void storagePricesAreAwssPublishedOnesUnlessGiven() {
    assertEquals(StoragePrices.PUBLISHED, settings().storagePrices());
    assertEquals(StoragePrices.PUBLISHED, settings().previews().prices());

    OperatorSettings s =
        settings("--standard-storage-price", "0.12", "--archive-storage-price", " 0.0125 ");

    assertEquals(
        new StoragePrices(new BigDecimal("0.12"), new BigDecimal("0.0125")), s.storagePrices());
    assertEquals(s.storagePrices(), s.previews().prices());
    assertEquals(
        new BigDecimal("0"),
        settings("--archive-storage-price", "0").storagePrices().archivePerGbMonth());
  }

  @Test
  void aBadDurationSaysWhatIsExpected() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> settings("--resync-period", "often"));
    assertTrue(e.getMessage().contains("30s, 10m, 1h"), e.getMessage());
  }

  @Test
  void aFlagValueTheOperatorCannotRunWithIsOneLineNamingTheFlagAndExitStatusTwo() {
    assertUsageError(
        "--resync-period: 'banana' is not a duration; write e.g. 30s, 10m, 1h or PT10M",
        "--resync-period",
        "banana");
    assertUsageError(
        "--aws-calls-per-second: must be 0 (no limit) or more, not -5",
        "--aws-calls-per-second",
        "-5");
    assertUsageError("--reconcile-threads: must be at least 1, not 0", "--reconcile-threads", "0");
    assertUsageError("--resync-period: must be longer than 0, not '0s'", "--resync-period", "0s");
    assertUsageError(
        "--expiry-warning-percent: must be from 0 to 100, not 150",
        "--expiry-warning-percent",
        "150");
    assertUsageError(
        "--standard-storage-price: must be a decimal of 0 or more (US dollars per GB-month), not"
            + " '-0.10'",
        "--standard-storage-price",
        "-0.10");
    assertUsageError(
        "--archive-storage-price: must be a decimal of 0 or more (US dollars per GB-month), not"
            + " '7 cents'",
        "--archive-storage-price",
        "7 cents");
    assertUsageError(
        "--kubeconfig: no-such-kubeconfig: no such file", "--kubeconfig", "no-such-kubeconfig");
  }

  @Test
  void imagesInUseAreReportedFromEverySourceUnlessToldOtherwise() {
    assertEquals(InUseSettings.DEFAULT, settings().inUse());
    assertEquals(
        new InUseSettings(InUseProtection.REPORT, Set.of(InUseSource.PODS, InUseSource.CRON_JOBS)),
        settings("--in-use-protection", "report", "--in-use-sources", "pods, cronjobs,").inUse());
    OperatorSettings off = settings("--in-use-protection", "off");
    assertEquals(InUseProtection.OFF, off.inUse().protection());
    assertEquals(Set.of(), off.inUse().watched());
  }

  @Test
  void protectKeepsImagesForTheGracePeriodGiven() {
    OperatorSettings protect = settings("--in-use-protection", "protect", "--in-use-grace", "90m");
    assertEquals(InUseProtection.PROTECT, protect.inUse().protection());
    assertEquals(Duration.ofMinutes(90), protect.inUse().grace());
    assertEquals(InUseSettings.DEFAULT_GRACE, settings().inUse().grace());
    assertEquals(Duration.ZERO, settings("--in-use-grace", "0s").inUse().grace());
    assertEquals(
        dev.operators.ecr.api.InUseProtectionMode.Protect,
        protect.desired().inUseProtection(),
        "a spec that does not say is protected");
  }

  @Test
  void ambientCredentialsAreAllowedUnlessTurnedOff() {
    assertEquals(AmbientCredentials.ALL, settings().ambientCredentials());
    assertEquals(
        AmbientCredentials.NONE, settings("--ambient-credentials", "none").ambientCredentials());
    assertEquals(
        AmbientCredentials.ALL, settings("--ambient-credentials", "all").ambientCredentials());
    assertUsageError(
        "--ambient-credentials: must be one of all, none, not 'some'",
        "--ambient-credentials",
        "some");
  }

  @Test
  void aNegativeGraceIsAUsageError() {
    assertUsageError(
        "--in-use-grace: '-1h' is not a duration; write e.g. 30s, 10m, 1h or PT10M",
        "--in-use-grace",
        "-1h");
    assertUsageError("--in-use-grace: must be 0 or longer, not 'PT-1H'", "--in-use-grace", "PT-1H");
  }

  @Test
  void anUnknownInUseValueIsAUsageError() {
    assertUsageError(
        "--in-use-protection: must be one of off, report, protect, not 'keep'",
        "--in-use-protection",
        "keep");
    assertUsageError(
        "--in-use-sources: must name sources among"
            + " pods,deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs, not 'replicaset'",
        "--in-use-sources",
        "pods,replicaset");
  }

  @Test
  void aValueNotGivenAsAFlagIsNamedByItsEnvironmentVariable() {
    RunCommand run = new RunCommand();
    // As picocli resolves ${env:ECR_OPERATOR_RECONCILE_THREADS:-10} when that variable says 0.
    new CommandLine(run)
        .setDefaultValueProvider(
            arg ->
                arg instanceof OptionSpec option
                        && option.longestName().equals("--reconcile-threads")
                    ? "0"
                    : null)
        .parseArgs();

    var e = assertThrows(IllegalArgumentException.class, run::settings);
    assertEquals("ECR_OPERATOR_RECONCILE_THREADS: must be at least 1, not 0", e.getMessage());
  }

  @Test
  void anUnreachableKubernetesApiIsOneLineNamingItAndHowToPointElsewhere() throws IOException {
    int port;
    try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = unused.getLocalPort();
    }
    Path kubeconfig = kubeconfig("https://127.0.0.1:" + port);

    long start = System.nanoTime();
    CommandRun run =
        CommandRun.of(new RunCommand(), "--kubeconfig", kubeconfig.toString(), "--http-port", "0");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
    assertEquals(
        List.of(
            "cannot reach the Kubernetes API at https://127.0.0.1:"
                + port
                + "/ (from --kubeconfig "
                + kubeconfig
                + "): connection refused; point the operator at another with --kubeconfig FILE or"
                + " KUBECONFIG=FILE, or run it in a pod of the cluster (in-cluster)"),
        run.errLines());
    assertFalse(run.err().contains("never-shown"));
    // The client's own retries took about 20 s before the informers gave up.
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, took.toString());
  }

  @Test
  void anApiServerWithoutTheCrdsIsOneLineSayingToInstallThem() throws IOException {
    // Answers /version, and 404 to everything else: a cluster where crds/ was never applied.
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server
        .expect()
        .get()
        .withPath("/version")
        .andReturn(200, new VersionInfo.Builder().withMajor("1").withMinor("37").build())
        .always();
    try {
      Path kubeconfig = kubeconfig("http://127.0.0.1:" + server.getPort());

      CommandRun run =
          CommandRun.of(
              new RunCommand(), "--kubeconfig", kubeconfig.toString(), "--http-port", "0");

      assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
      assertEquals(
          List.of(
              "the Kubernetes API at http://127.0.0.1:"
                  + server.getPort()
                  + "/ (from --kubeconfig "
                  + kubeconfig
                  + ") refused the operator: it does not serve one of the operator's resources (404"
                  + " Not Found): install or update the CRDs first, kubectl apply -f crds/"),
          run.errLines());
      assertFalse(run.err().contains("never-shown"));
    } finally {
      server.destroy();
    }
  }

  @Test
  void aRefusalSaysWhatToFixByItsCode() {
    assertTrue(
        KubernetesApiCheck.refusal(new KubernetesClientException("no", 401, null))
            .orElseThrow()
            .startsWith("it did not accept the operator's credentials (401 Unauthorized)"));
    Status forbidden =
        new StatusBuilder()
            .withCode(403)
            .withMessage("ecrrepositories.ecr.operators.dev is forbidden")
            .build();
    assertEquals(
        "it forbade a request (403 Forbidden: ecrrepositories.ecr.operators.dev is forbidden):"
            + " bind the operator's identity with k8s/rbac.yaml",
        KubernetesApiCheck.refusal(
                new IllegalStateException(new KubernetesClientException(forbidden)))
            .orElseThrow());
    assertTrue(
        KubernetesApiCheck.refusal(new KubernetesClientException("busy", 500, null)).isEmpty());
    assertTrue(KubernetesApiCheck.refusal(new IllegalStateException("other")).isEmpty());
  }

  /** A kubeconfig for one API server, with a token that must never be printed. */
  private static Path kubeconfig(String server) throws IOException {
    Path file = Files.createTempDirectory("run").resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: api, cluster: {server: "%s"}}]
        users: [{name: me, user: {token: never-shown}}]
        contexts: [{name: api, context: {cluster: api, user: me, namespace: team}}]
        current-context: api
        """
            .formatted(server));
    return file;
  }

  @Test
  void theApiServersAddressIsShownWithoutCredentials() {
    assertEquals(
        "https://10.0.0.1:6443/", KubernetesApiCheck.shown("https://admin:secret@10.0.0.1:6443/"));
  }

  private static void assertUsageError(String message, String... args) {
    CommandRun run = CommandRun.of(new RunCommand(), args);
    assertEquals(List.of(message), run.errLines());
    assertEquals(ExitCodes.USAGE, run.exitCode());
  }
}
