package dev.operators.ecr.operator;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.reconciler.Conditions;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * The real operator (JOSDK, informers, finalizers, status writes) against the fabric8 mock API
 * server in CRUD mode and the ECR emulator, reached through the real AWS SDK over HTTP.
 */
final class OperatorEnvironment implements AutoCloseable {
  static final String REGION = "eu-west-1";
  static final Duration RESYNC = Duration.ofSeconds(2);
  static final Duration DEADLINE = Duration.ofSeconds(30);

  final LocalKubernetesApi api;
  final KubernetesClient client;
  final EcrEmulator ecr;
  final EcrPort port;
  private final OperatorSettings settings;
  EcrOperator operator;

  private OperatorEnvironment(
      LocalKubernetesApi api,
      KubernetesClient client,
      EcrEmulator ecr,
      EcrPort port,
      OperatorSettings settings,
      EcrOperator operator) {
    this.api = api;
    this.client = client;
    this.ecr = ecr;
    this.port = port;
    this.settings = settings;
    this.operator = operator;
  }

  static OperatorEnvironment start() {
    return start(OperatorSettings.builder());
  }

  /** With the given settings, region and resync fixed for the tests. */
  static OperatorEnvironment start(OperatorSettings.Builder builder) {
    return start(builder, RESYNC);
  }

  /**
   * With a resync period of its own: a long one shows that events alone, not the periodic recheck,
   * drive what a test waits for.
   */
  static OperatorEnvironment start(OperatorSettings.Builder builder, Duration resync) {
    return start(builder, resync, UnaryOperator.identity());
  }

  /**
   * With the operator's ECR calls passing through {@code operatorPort} (given the real port), e.g.
   * to hold one in the middle of a reconcile; {@link #port} stays the real port.
   */
  static OperatorEnvironment start(
      OperatorSettings.Builder builder, Duration resync, UnaryOperator<EcrPort> operatorPort) {
    LocalKubernetesApi api = LocalKubernetesApi.start(0);
    KubernetesClient client = api.newClient();
    EcrEmulator ecr = new EcrEmulator().start();
    EcrPort port = EmulatorClients.port(ecr);
    // No client-side rate limit: the tests count and fault ECR calls, they do not pace them.
    OperatorSettings settings =
        builder.defaultRegion(REGION).resyncPeriod(resync).awsCallsPerSecond(0).build();
    EcrOperator operator =
        EcrOperator.start(client, operatorPort.apply(port), settings, Clock.systemUTC());
    return new OperatorEnvironment(api, client, ecr, port, settings, operator);
  }

  /**
   * Stops the operator and starts a new one, as a restarted process would be, on the same APIs
   * (with the plain port, whatever the first one was given).
   */
  void restartOperator() {
    operator.close();
    operator = EcrOperator.start(client, port, settings, Clock.systemUTC());
  }

  Resource<EcrRepository> resource(String namespace, String name) {
    return client.resources(EcrRepository.class).inNamespace(namespace).withName(name);
  }

  EcrRepository get(String namespace, String name) {
    return resource(namespace, name).get();
  }

  /** Waits until the resource satisfies {@code condition}; returns it as it then was. */
  EcrRepository await(String namespace, String name, Predicate<EcrRepository> condition) {
    EcrRepository[] seen = new EcrRepository[1];
    Awaitility.await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              seen[0] = get(namespace, name);
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  /** Ready=True at the resource's current generation. */
  EcrRepository awaitReady(String namespace, String name) {
    return await(namespace, name, r -> isCondition(r, Conditions.READY, "True", null));
  }

  /** The condition has that status (and reason, unless null) at the current generation. */
  static boolean isCondition(EcrRepository r, String type, String status, String reason) {
    if (r.getStatus() == null
        || !r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), type);
    return c != null
        && status.equals(c.getStatus())
        && (reason == null || reason.equals(c.getReason()))
        && r.getMetadata().getGeneration().equals(c.getObservedGeneration());
  }

  static Condition condition(EcrRepository r, String type) {
    return Conditions.find(r.getStatus().getConditions(), type);
  }

  List<Event> events(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  void awaitGone(String namespace, String name) {
    Awaitility.await().atMost(DEADLINE).until(() -> get(namespace, name) == null);
  }

  @Override
  public void close() {
    operator.close();
    client.close();
    api.close();
    ecr.close();
  }
}
