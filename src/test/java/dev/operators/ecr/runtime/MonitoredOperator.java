package dev.operators.ecr.runtime;

import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An operator process as {@code run} starts it, serving its probes and {@code /metrics} on
 * loopback, against the mock API server and the ECR emulator; {@code user} is a client to make
 * resources.
 */
record MonitoredOperator(
    LocalKubernetesApi api,
    EcrEmulator ecr,
    KubernetesClient user,
    OperatorProcess process,
    InetSocketAddress http)
    implements AutoCloseable {

  static MonitoredOperator start() {
    LocalKubernetesApi api = LocalKubernetesApi.start(0);
    EcrEmulator ecr = new EcrEmulator().start();
    OperatorSettings settings =
        RuntimeFixtures.settings()
            .awsEndpoint(ecr.endpoint())
            .httpAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .build();
    OperatorProcess process =
        OperatorProcess.start(settings, config(api), EmulatorClients.CREDENTIALS);
    return new MonitoredOperator(
        api, ecr, api.newClient(), process, process.monitoringAddress().orElseThrow());
  }

  /** Only this server: no kubeconfig or environment setting is read. */
  static Config config(LocalKubernetesApi api) {
    Config config = Config.empty();
    config.setMasterUrl(api.url());
    config.setNamespace("default");
    config.setOauthToken("test");
    return config;
  }

  @Override
  public void close() {
    process.close();
    user.close();
    ecr.close();
    api.close();
  }
}
