package dev.operators.ecr.runtime;

import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.SdkEcrPorts;
import dev.operators.ecr.runtime.http.MonitoringServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The operator as the {@code run} command starts it: a Kubernetes client, the ECR ports over the
 * AWS SDK (one per AWS identity, roles assumed through STS), the controllers, and the monitoring
 * port when the settings give one. The sandbox starts it the same way.
 */
public final class OperatorProcess implements AutoCloseable {
  private final KubernetesClient client;
  private final SdkEcrPorts ecr;
  private final EcrOperator operator;
  private final MonitoringServer monitoring;

  private OperatorProcess(
      KubernetesClient client, SdkEcrPorts ecr, EcrOperator operator, MonitoringServer monitoring) {
    this.client = client;
    this.ecr = ecr;
    this.operator = operator;
    this.monitoring = monitoring;
  }

  /**
   * Returns once the informers are synced. The monitoring port is up before that, answering not
   * ready until then. Losing the leader lease ends the process.
   *
   * @param credentials null for the AWS SDK's default chain (environment, IRSA web identity, EKS
   *     Pod Identity, instance profile); also the source credentials of every role assumed, through
   *     STS at the same endpoint override when one is set, in the default region
   */
  public static OperatorProcess start(
      OperatorSettings settings, Config kubernetes, AwsCredentialsProvider credentials) {
    plainHttpOneOne(kubernetes);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    EcrClients.Builder clients =
        EcrClients.builder()
            .endpointOverride(settings.awsEndpoint())
            .maxAttempts(settings.awsMaxAttempts())
            .maxConnections(settings.ecrConnectionsPerRegion());
    if (credentials != null) {
      clients.credentialsProvider(credentials);
    }
    SdkEcrPorts ecr = new SdkEcrPorts(clients, settings.defaultRegion());
    EcrOperator operator = null;
    MonitoringServer monitoring = null;
    try {
      operator =
          EcrOperator.create(client, ecr, settings, Clock.systemUTC(), Leadership.EXIT_PROCESS);
      if (settings.httpAddress() != null) {
        monitoring =
            MonitoringServer.start(
                settings.httpAddress(), operator::readiness, operator.metrics()::scrape);
      }
      operator.start();
      return new OperatorProcess(client, ecr, operator, monitoring);
    } catch (RuntimeException e) {
      if (monitoring != null) {
        monitoring.close();
      }
      if (operator != null) {
        operator.close();
      }
      ecr.close();
      client.close();
      throw e;
    }
  }

  /** Where {@code /healthz}, {@code /readyz} and {@code /metrics} are served, if anywhere. */
  public Optional<InetSocketAddress> monitoringAddress() {
    return Optional.ofNullable(monitoring).map(MonitoringServer::address);
  }

  public EcrOperator operator() {
    return operator;
  }

  /** Stops reconciling (giving the leader lease up), then the monitoring port and the clients. */
  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      if (monitoring != null) {
        monitoring.close();
      }
      ecr.close();
      client.close();
    }
  }

  /**
   * An API server reached over plain HTTP (a local one, as the sandbox's) is spoken to in HTTP/1.1.
   * Kubernetes offers HTTP/2 only over TLS; over plain HTTP the JDK client's attempt at HTTP/2
   * broke the initial list of 10,000 resources (a 7.5 MB answer read as an HTTP/2 frame), and the
   * operator stopped at start.
   */
  public static void plainHttpOneOne(Config kubernetes) {
    String url = kubernetes.getMasterUrl();
    if (url != null && url.startsWith("http://")) {
      kubernetes.setHttp2Disable(true);
    }
  }
}
