package dev.operators.ecr.operator;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.EcrPorts;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real operator (JOSDK, informers, finalizers, status writes) against the fabric8 mock API
 * server in CRUD mode and the ECR emulator, reached through the real AWS SDK over HTTP.
 *
 * <p>A test class registers one as a JUnit extension, which starts it before the class's first
 * test, clears the emulator's faults after each test and stops it after the last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OperatorEnvironment env = OperatorEnvironment.create().resync(Duration.ofHours(1));
 * }</pre>
 */
final class OperatorEnvironment implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  static final String REGION = "eu-west-1";
  static final Duration RESYNC = Duration.ofSeconds(2);
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private OperatorSettings.Builder settingsBuilder = OperatorSettings.builder();
  private Duration resync = RESYNC;
  private UnaryOperator<EcrPort> operatorPort = UnaryOperator.identity();
  private List<String> otherAccounts = List.of();

  // Set while the environment runs: from the class's first test to its last.
  LocalKubernetesApi api;
  KubernetesClient client;
  EcrEmulator ecr;

  /** The real port to the emulator, for changes behind the operator's back. */
  SdkEcrPort port;

  /** The emulators of the other accounts, and the real ports to them, by account ID. */
  private final Map<String, EcrEmulator> accounts = new LinkedHashMap<>();

  private final Map<String, SdkEcrPort> accountPorts = new LinkedHashMap<>();

  private OperatorSettings settings;
  private EcrOperator operator;

  private OperatorEnvironment() {}

  /** With the operator's default settings, and the region and a resync of 2 s fixed for tests. */
  static OperatorEnvironment create() {
    return new OperatorEnvironment();
  }

  /** With these settings; the region and the resync period stay fixed for the tests. */
  OperatorEnvironment settings(OperatorSettings.Builder builder) {
    this.settingsBuilder = builder;
    return this;
  }

  /**
   * With a resync period of its own: a long one shows that events alone, not the periodic recheck,
   * drive what a test waits for.
   */
  OperatorEnvironment resync(Duration period) {
    this.resync = period;
    return this;
  }

  /**
   * With the operator's ECR calls passing through {@code wrap} (given the real port), e.g. to hold
   * one in the middle of a reconcile; {@link #port} stays the real port.
   */
  OperatorEnvironment operatorPort(UnaryOperator<EcrPort> wrap) {
    this.operatorPort = wrap;
    return this;
  }

  /**
   * With one more ECR emulator per account ID, each playing that account: a role whose ARN names
   * the account acts in it, the operator's own credentials in {@link #ecr}'s account.
   */
  OperatorEnvironment accounts(String... ids) {
    this.otherAccounts = List.of(ids);
    return this;
  }

  /** The emulator of one of the other {@link #accounts}. */
  EcrEmulator emulator(String account) {
    return accounts.get(account);
  }

  /** The real port to the emulator of one of the other {@link #accounts}. */
  SdkEcrPort port(String account) {
    return accountPorts.get(account);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      api = LocalKubernetesApi.start(0);
      client = api.newClient();
      ecr = new EcrEmulator().start();
      port = EmulatorClients.port(ecr);
      for (String account : otherAccounts) {
        EcrEmulator emulator = new EcrEmulator(account, Instant::now).start();
        accounts.put(account, emulator);
        accountPorts.put(account, EmulatorClients.port(emulator));
      }
      // No client-side rate limit: the tests count and fault ECR calls, they do not pace them.
      settings =
          settingsBuilder.defaultRegion(REGION).resyncPeriod(resync).awsCallsPerSecond(0).build();
      operator =
          EcrOperator.start(client, ports(operatorPort.apply(port)), settings, Clock.systemUTC());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  // Until the SDK's own assumed-role clients exist here, each role acts through the port to the
  // emulator of its account: a real port to a real emulator per account.
  private EcrPorts ports(EcrPort ambient) {
    return identity -> {
      if (identity.ambient()) {
        return ambient;
      }
      SdkEcrPort of = accountPorts.get(identity.account());
      if (of == null) {
        throw new IllegalStateException("no emulator plays the account of " + identity);
      }
      return of;
    };
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ecr.clearFaults();
    accounts.values().forEach(EcrEmulator::clearFaults);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Stops the operator and starts a new one, as a restarted process would be, on the same APIs
   * (with the plain port, whatever the first one was given).
   */
  void restartOperator() {
    operator.close();
    operator = EcrOperator.start(client, ports(port), settings, Clock.systemUTC());
  }

  /** The operator running now. */
  EcrOperator operator() {
    return operator;
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

  // Stops what was started, the operator first; once only, however far the start came.
  private void close() {
    List<AutoCloseable> parts = new ArrayList<>(Arrays.asList(operator, port, client, api, ecr));
    parts.addAll(accountPorts.values());
    parts.addAll(accounts.values());
    accountPorts.clear();
    accounts.clear();
    operator = null;
    port = null;
    client = null;
    api = null;
    ecr = null;
    RuntimeException failure = null;
    for (AutoCloseable part : parts) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop the operator environment", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
