package dev.operators.ecr.cli;

import dev.operators.ecr.runtime.Durations;
import dev.operators.ecr.runtime.OperatorProcess;
import dev.operators.ecr.runtime.OperatorSettings;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the operator against the cluster of the kubeconfig, or the one it runs in. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator (the default command).")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
      names = "--kubeconfig",
      description = "Kubeconfig file; default: KUBECONFIG, ~/.kube/config, or in-cluster.")
  Path kubeconfig;

  @Override
  public Integer call() throws IOException, InterruptedException {
    OperatorSettings settings = settings();
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(null)
            : Config.fromKubeconfig(Files.readString(kubeconfig));
    CountDownLatch stopped = new CountDownLatch(1);
    try (OperatorProcess operator = OperatorProcess.start(settings, config, null)) {
      LOG.info(
          "ecr-operator running: region {}, namespaces {}, resync {}, cluster {}",
          settings.defaultRegion() == null ? "(from each resource)" : settings.defaultRegion(),
          settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
          settings.resyncPeriod(),
          settings.clusterName());
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
      stopped.await();
      LOG.info("ecr-operator stopping");
    }
    return 0;
  }

  OperatorSettings settings() {
    Set<String> watched = new LinkedHashSet<>();
    if (namespaces != null) {
      namespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
    }
    return OperatorSettings.builder()
        .defaultRegion(region == null || region.isBlank() ? null : region.trim())
        .awsEndpoint(awsEndpoint)
        .namespaces(watched)
        .resyncPeriod(Durations.parse(resyncPeriod))
        .clusterName(clusterName)
        .reconcileThreads(reconcileThreads)
        .awsMaxAttempts(awsMaxAttempts)
        .tenancyGuard(tenancyGuard)
        .previewPeriod(Durations.parse(previewPeriod))
        .previewWait(Durations.parse(previewWait))
        .expiryWarningShare(expiryWarningPercent / 100.0)
        .build();
  }
}
