package dev.operators.ecr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.operators.ecr.runtime.Durations;
import dev.operators.ecr.runtime.OperatorProcess;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.runtime.inuse.InUseSource;
import dev.operators.ecr.sandbox.Examples;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.SandboxAccounts;
import dev.operators.ecr.sandbox.SandboxScenario;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.FaultPlan;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code sandbox}: the whole product on this machine, with no cluster and no AWS account. A
 * Kubernetes API and an ECR emulator on 127.0.0.1, and the operator started as {@code run} starts
 * it.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Start a local Kubernetes API and ECR emulator, run the operator against them, apply the"
          + " examples and show retention, drift correction and an image in use kept from the"
          + " lifecycle policy at work.",
      "Exits 0 when everything shown held."
    })
public final class SandboxCommand implements Callable<Integer> {
  static final String REGION = "eu-west-1";
  static final Duration RESYNC = Duration.ofSeconds(3);
  // Previews as often as passes, so that the status shows an image coming into use within
  // seconds; and a grace period of seconds, so that the scenario can wait it out.
  static final Duration PREVIEW_PERIOD = Duration.ofSeconds(3);
  static final Duration IN_USE_GRACE = Duration.ofSeconds(3);
  // The owner tags of the sandbox's repositories name it: an operator started separately against
  // the sandbox must be given the same name, or it takes them for another cluster's.
  static final String CLUSTER_NAME = "sandbox";
  // Where the printed command takes the credentials that assume-role printed.
  static final String ASSUMED_KEY_ID = "<Credentials.AccessKeyId>";
  static final String ASSUMED_SECRET = "<Credentials.SecretAccessKey>";
  static final String ASSUMED_TOKEN = "<Credentials.SessionToken>";

  @Spec CommandSpec spec;

  @Option(
      names = "--hold",
      description = "Keep both servers up afterwards and print their endpoints, until Ctrl-C.")
  boolean hold;

  @Option(
      names = "--without-operator",
      description =
          "With --hold: start only the servers (and the CRDs), for an operator started separately"
              + " with the printed kubeconfig.")
  boolean withoutOperator;

  @Option(names = "--examples", description = "Directory of EcrRepository YAML files to apply.")
  Path examples;

  @Option(
      names = "--kubeconfig",
      description = "Where to write the kubeconfig of the local Kubernetes API.")
  Path kubeconfig;

  @Option(
      names = "--kube-port",
      defaultValue = "0",
      description = "Port of the Kubernetes API (0: any).")
  int kubePort;

  @Option(
      names = "--ecr-port",
      defaultValue = "0",
      description = "Port of the ECR emulator (0: any).")
  int ecrPort;

  @Option(
      names = "--ecr-faults",
      description =
          "Faults the ECR emulator injects into every operation, seeded, e.g."
              + " throttle=0.2,server=0.05,latency=20ms~10ms,drop=0.01,lost=0.01,rate.PutLifecyclePolicy=5,seed=42;"
              + " accounts=210987654321 limits them to the calls of that account.")
  String ecrFaults;

  @Option(names = "--verbose", description = "Show the operator's log.")
  boolean verbose;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      description = "How long to wait for each step (e.g. 60s).")
  String timeout;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose) {
      quietLogs();
    }
    if (withoutOperator && !hold) {
      spec.commandLine().getErr().println("--without-operator needs --hold");
      return ExitCodes.USAGE;
    }
    FaultPlan faults;
    try {
      faults = ecrFaults == null ? FaultPlan.NONE : FaultPlan.parse(ecrFaults);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("--ecr-faults: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    Path config = kubeconfig != null ? kubeconfig : ownKubeconfig();
    try (LocalKubernetesApi api = LocalKubernetesApi.start(kubePort);
        EcrEmulator ecr = new EcrEmulator().start(ecrPort)) {
      ecr.faults(faults);
      SandboxAccounts.createRoles(ecr);
      api.writeKubeconfig(config);
      out.printf("Kubernetes API (fabric8 mock server, CRUD mode): %s%n", api.url());
      out.printf("ECR emulator (AWS JSON 1.1 protocol):           %s%n", ecr.endpoint());
      out.printf("kubeconfig:                                     %s%n", config);
      if (withoutOperator) {
        printEndpoints(out, api, ecr, config);
        return holdUntilStopped();
      }
      OperatorSettings settings =
          OperatorSettings.builder()
              .defaultRegion(REGION)
              .awsEndpoint(ecr.endpoint())
              .resyncPeriod(RESYNC)
              .clusterName(CLUSTER_NAME)
              .previewPeriod(PREVIEW_PERIOD)
              .inUse(new InUseSettings(InUseProtection.REPORT, InUseSource.all(), IN_USE_GRACE))
              .build();
      List<String> failures;
      try (OperatorProcess operator =
              OperatorProcess.start(
                  settings,
                  Config.fromKubeconfig(Files.readString(config)),
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("sandbox", "sandbox")));
          KubernetesClient client = api.newClient()) {
        out.printf(
            "operator started (region %s, resync every %ss, previews every %ss, images in use:"
                + " report, grace %ss)%n",
            REGION, RESYNC.toSeconds(), PREVIEW_PERIOD.toSeconds(), IN_USE_GRACE.toSeconds());
        Examples.Loaded resources = Examples.load(client, examples);
        failures =
            new SandboxScenario(client, ecr, Durations.parse(timeout), IN_USE_GRACE, out)
                .run(resources);
        out.println();
        if (failures.isEmpty()) {
          out.println("All checks held.");
        } else {
          out.printf("%d check(s) failed:%n", failures.size());
          failures.forEach(f -> out.printf("  - %s%n", f));
        }
        if (hold) {
          printEndpoints(out, api, ecr, config);
          holdUntilStopped();
        }
      }
      return failures.isEmpty() ? 0 : 1;
    }
  }

  private static void printEndpoints(
      PrintWriter out, LocalKubernetesApi api, EcrEmulator ecr, Path config) {
    out.println();
    out.println("Holding the servers up. Try:");
    out.printf("  kubectl --kubeconfig %s get ecrrepo -A%n", config);
    out.printf(
        "  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws ecr describe-repositories"
            + " --region %s --endpoint-url %s%n",
        REGION, ecr.endpoint());
    // The second account, through its role: assume it, then use the credentials it prints.
    out.printf(
        "  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws sts assume-role --endpoint-url %s"
            + " --region %s --role-arn %s --role-session-name %s%n",
        ecr.endpoint(), REGION, SandboxAccounts.TEAM_B_ROLE_ARN, SandboxAccounts.CLI_SESSION_NAME);
    out.printf(
        "  AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s aws ecr"
            + " describe-repositories --region %s --endpoint-url %s%n",
        ASSUMED_KEY_ID, ASSUMED_SECRET, ASSUMED_TOKEN, REGION, ecr.endpoint());
    out.printf(
        "  curl -s -X POST %s/_emulator/lifecycle/run -d"
            + " '{\"region\":\"%s\",\"repositoryName\":\"team-payments/payments-api\"}'%n",
        ecr.endpoint(), REGION);
    // Credentials of its own: the emulator takes any, and the default chain would look further.
    out.printf(
        "  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x java -jar target/ecr-operator.jar run"
            + " --kubeconfig %s --aws-endpoint %s --region %s --cluster-name %s%n",
        config, ecr.endpoint(), REGION, CLUSTER_NAME);
    out.println("Press Ctrl-C to stop.");
  }

  // The scenario's own lines tell the story; the operator's log would drown them.
  private static void quietLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("dev.operators.ecr").setLevel(Level.WARN);
      context.getLogger("io.javaoperatorsdk").setLevel(Level.WARN);
      // Each Warning Event is logged as it is recorded; the scenario prints the Events it causes.
      context.getLogger("dev.operators.ecr.reconciler.RepositoryEvents").setLevel(Level.ERROR);
    }
  }

  /**
   * A kubeconfig in a folder of its own, both gone when the JVM ends (normally or on Ctrl-C): it
   * names servers that end with the sandbox. A kubeconfig given with --kubeconfig is the user's and
   * stays.
   */
  private static Path ownKubeconfig() throws IOException {
    Path folder = Files.createTempDirectory("ecr-sandbox");
    Path config = folder.resolve("kubeconfig");
    // Deleted in the reverse order: the file, then its folder.
    folder.toFile().deleteOnExit();
    config.toFile().deleteOnExit();
    return config;
  }

  private static int holdUntilStopped() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
    stopped.await();
    return 0;
  }
}
