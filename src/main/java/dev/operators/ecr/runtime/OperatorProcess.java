package dev.operators.ecr.runtime;

import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.SdkEcrPort;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The operator as the {@code run} command starts it: a Kubernetes client, the ECR port over the AWS
 * SDK, and the controllers. The sandbox starts it the same way.
 */
public final class OperatorProcess implements AutoCloseable {
  private final KubernetesClient client;
  private final SdkEcrPort ecr;
  private final EcrOperator operator;

  private OperatorProcess(KubernetesClient client, SdkEcrPort ecr, EcrOperator operator) {
    this.client = client;
    this.ecr = ecr;
    this.operator = operator;
  }

  /**
   * @param credentials null for the AWS SDK's default chain (environment, IRSA web identity, EKS
   *     Pod Identity, instance profile)
   */
  public static OperatorProcess start(
      OperatorSettings settings, Config kubernetes, AwsCredentialsProvider credentials) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    EcrClients.Builder clients =
        EcrClients.builder()
            .endpointOverride(settings.awsEndpoint())
            .maxAttempts(settings.awsMaxAttempts());
    if (credentials != null) {
      clients.credentialsProvider(credentials);
    }
    SdkEcrPort ecr = new SdkEcrPort(clients.build());
    try {
      return new OperatorProcess(
          client, ecr, EcrOperator.start(client, ecr, settings, Clock.systemUTC()));
    } catch (RuntimeException e) {
      ecr.close();
      client.close();
      throw e;
    }
  }

  @Override
  public void close() {
    operator.close();
    ecr.close();
    client.close();
  }
}
