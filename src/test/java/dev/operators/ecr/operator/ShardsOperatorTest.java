package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.referencing;
import static dev.operators.ecr.operator.Specs.repository;
import static dev.operators.ecr.operator.Specs.sharedPolicy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.WatchSelector;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two shards and the default instance beside them: three operators in one JVM on one Kubernetes API
 * and one ECR emulator, each with its {@code --watch-label-selector}, over 1,000 EcrRepositories
 * labelled for shard a, shard b or none. Half reference a shared policy, the other half declare
 * nothing and take the cluster default; neither policy carries a shard label.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardsOperatorTest {
  private static final int RESOURCES = 1000;
  private static final int NAMESPACES = 10;
  private static final String SHARED = "fleet";
  private static final String DEFAULT = "house-default";
  // Long enough for the convergence of 1,000 on two busy cores; each wait ends as soon as it holds.
  private static final Duration CONVERGENCE = Duration.ofMinutes(3);
  // No periodic recheck within the test: only events drive what it waits for.
  private static final Duration RESYNC = Duration.ofHours(1);

  /** The instances: their selector, and the shard label value they take (null: none). */
  private enum Instance {
    SHARD_A(EcrRepository.SHARD_LABEL + "=a", "a"),
    SHARD_B(EcrRepository.SHARD_LABEL + "=b", "b"),
    DEFAULT("!" + EcrRepository.SHARD_LABEL, null);

    final WatchSelector selector;
    final String shard;

    Instance(String selector, String shard) {
      this.selector = WatchSelector.parse(selector);
      this.shard = shard;
    }

    static Instance of(int index) {
      return values()[index % 3];
    }
  }

  private static LocalKubernetesApi api;
  private static KubernetesClient client;
  private static EcrEmulator ecr;
  private static final List<AutoCloseable> started = new ArrayList<>();
  private static final Map<Instance, HoldingEcrPort> ports = new EnumMap<>(Instance.class);
  private static final Map<Instance, EcrOperator> operators = new EnumMap<>(Instance.class);

  @BeforeAll
  static void startThreeInstances() throws Exception {
    api = LocalKubernetesApi.start(0);
    client = api.newClient();
    ecr = new EcrEmulator().start();
    client.resource(sharedPolicy(SHARED, 1, false)).create();
    client.resource(sharedPolicy(DEFAULT, 2, true)).create();
    createAll();
    for (Instance instance : Instance.values()) {
      KubernetesClient own = api.newClient();
      SdkEcrPort port = EmulatorClients.port(ecr);
      started.add(own);
      started.add(port);
      HoldingEcrPort counting = new HoldingEcrPort(port);
      ports.put(instance, counting);
      OperatorSettings settings =
          OperatorSettings.builder()
              .defaultRegion(REGION)
              .resyncPeriod(RESYNC)
              .awsCallsPerSecond(0)
              .watchSelector(instance.selector)
              .build();
      EcrOperator operator = EcrOperator.start(own, counting.port(), settings, Clock.systemUTC());
      started.add(operator);
      operators.put(instance, operator);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    client.close();
    api.close();
    ecr.close();
  }

  @Test
  @Order(1)
  void eachRepositoryIsReconciledByItsShardAloneAndEverySharedPolicyReachesAll() {
    awaitAll(r -> isCondition(r, Conditions.READY, "True", null));

    // Every repository created once and given its policy once: 2 ECR writes each, no more.
    Map<String, Long> creations = ecr.creations(REGION);
    assertEquals(RESOURCES, creations.size());
    assertEquals(Set.of(1L), Set.copyOf(creations.values()), "each repository created once");
    assertEquals(RESOURCES, ecr.callCount("CreateRepository"));
    assertEquals(RESOURCES, ecr.callCount("PutLifecyclePolicy"));
    assertEquals(RESOURCES, ecr.repositoriesNamed("PutLifecyclePolicy"));
    assertEquals(2L * RESOURCES, ecr.writeCallCount(), "calls: " + ecr.calls());
    // Each instance called ECR for its shard's repositories and no other.
    for (Instance instance : Instance.values()) {
      assertEquals(names(instance), ports.get(instance).repositories(), instance.name());
    }
    // The shared policy and the cluster default, unlabelled, reached the repositories of every
    // shard; the default instance counts the users of each across all shards.
    for (EcrRepository r : repositories()) {
      int index = index(r);
      assertEquals(
          index % 2 == 0 ? SHARED : DEFAULT,
          r.getStatus().getLifecyclePolicy().getName(),
          r.getMetadata().getName());
    }
    awaitPolicyCount(SHARED, RESOURCES / 2);
    awaitPolicyCount(DEFAULT, RESOURCES / 2);

    // A change to the shared policy reaches its users in every shard, each written once.
    long puts = ecr.callCount("PutLifecyclePolicy");
    client
        .resources(EcrLifecyclePolicy.class)
        .withName(SHARED)
        .edit(
            p -> {
              p.setSpec(keepUntagged(5));
              return p;
            });
    EcrLifecyclePolicy edited =
        await()
            .atMost(CONVERGENCE)
            .until(
                () -> client.resources(EcrLifecyclePolicy.class).withName(SHARED).get(),
                p ->
                    p.getStatus() != null
                        && p.getMetadata()
                            .getGeneration()
                            .equals(p.getStatus().getObservedGeneration()));
    String digest = edited.getStatus().getDigest();
    awaitAll(
        r ->
            index(r) % 2 == 1
                || digest.equals(r.getStatus().getLifecyclePolicy().getDigest())
                    && isCondition(r, Conditions.READY, "True", null));
    assertEquals(puts + RESOURCES / 2, ecr.callCount("PutLifecyclePolicy"));
    awaitPolicyCount(SHARED, RESOURCES / 2);
    for (Instance instance : Instance.values()) {
      assertEquals(names(instance), ports.get(instance).repositories(), instance.name());
      assertEquals(
          names(instance).stream().filter(n -> index(n) % 2 == 0).count(),
          names(instance).stream()
              .filter(n -> ports.get(instance).calls("putLifecyclePolicy", n) == 2)
              .count(),
          instance + ": each user of the shared policy got it twice, the edit once");
    }
  }

  /**
   * A cluster-scoped kind is the default instance's alone, whatever its labels: the shards do not
   * run its controller, so one instance writes the setting and its status.
   */
  @Test
  @Order(2)
  void aRegistryLevelSettingIsWrittenByTheDefaultInstanceAlone() {
    EcrPullThroughCacheRule rule = new EcrPullThroughCacheRule();
    rule.setMetadata(
        new ObjectMetaBuilder()
            .withName("hub")
            .addToLabels(EcrRepository.SHARD_LABEL, "a")
            .build());
    EcrPullThroughCacheRuleSpec spec = new EcrPullThroughCacheRuleSpec();
    spec.setEcrRepositoryPrefix("hub");
    spec.setUpstreamRegistryUrl("registry-1.docker.io");
    spec.setUpstreamRegistry("docker-hub");
    spec.setCredentialArn(
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf");
    rule.setSpec(spec);
    client.resource(rule).create();

    await()
        .atMost(CONVERGENCE)
        .until(
            () -> client.resources(EcrPullThroughCacheRule.class).withName("hub").get(),
            r -> r != null && SettingResources.isReady(r));
    assertEquals(1, ecr.callCount("CreatePullThroughCacheRule"));
    for (Instance instance : Instance.values()) {
      assertEquals(
          instance == Instance.DEFAULT ? 1 : 0,
          ports.get(instance).calls("createPullThroughCacheRule", null),
          instance.name());
    }
  }

  /**
   * A repository relabelled for another shard leaves the cache of the shard it was in and joins the
   * other's, which reconciles it from then on.
   */
  @Test
  @Order(3)
  void aRelabelledRepositoryMovesToItsNewShard() {
    String namespace = "team-0";
    String name = "repo-0";
    String repository = namespace + "/" + name;
    assertEquals(Instance.SHARD_A, Instance.of(index(name)));
    await().atMost(CONVERGENCE).until(() -> cached(Instance.SHARD_A) == 334);
    long tagsBefore = ports.get(Instance.SHARD_A).calls("tagResource", repository);

    client
        .resources(EcrRepository.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              r.getMetadata().getLabels().put(EcrRepository.SHARD_LABEL, "b");
              return r;
            });
    await().atMost(CONVERGENCE).until(() -> cached(Instance.SHARD_A) == 333);
    await().atMost(CONVERGENCE).until(() -> cached(Instance.SHARD_B) == 334);
    EcrRepository tagged =
        client
            .resources(EcrRepository.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                r -> {
                  r.getSpec().setTags(Map.of("moved", "true"));
                  return r;
                });
    await()
        .atMost(CONVERGENCE)
        .until(
            () -> client.resources(EcrRepository.class).inNamespace(namespace).withName(name).get(),
            r ->
                r.getMetadata().getGeneration() >= tagged.getMetadata().getGeneration()
                    && isCondition(r, Conditions.READY, "True", null));

    assertEquals(1, ports.get(Instance.SHARD_B).calls("tagResource", repository));
    assertEquals(tagsBefore, ports.get(Instance.SHARD_A).calls("tagResource", repository));
    assertEquals(0, ports.get(Instance.DEFAULT).calls("tagResource", repository));
  }

  /** The EcrRepositories an instance holds in its cache, from its metrics. */
  private static long cached(Instance instance) {
    return operators
        .get(instance)
        .metrics()
        .scrape()
        .lines()
        .filter(l -> l.startsWith("ecr_operator_resources{"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void createAll() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < RESOURCES; i++) {
        EcrRepository resource = resource(i);
        created.add(pool.submit(() -> client.resource(resource).create()));
      }
      for (Future<?> f : created) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // Even: the shared policy by name; odd: nothing declared, so the cluster default.
  private static EcrRepository resource(int index) {
    String namespace = "team-" + index % NAMESPACES;
    String name = "repo-" + index;
    EcrRepository r =
        index % 2 == 0 ? referencing(namespace, name, SHARED) : repository(namespace, name, null);
    String shard = Instance.of(index).shard;
    if (shard != null) {
      r.getMetadata().setLabels(Map.of(EcrRepository.SHARD_LABEL, shard));
    }
    return r;
  }

  /** The ECR names of the repositories an instance takes. */
  private static Set<String> names(Instance instance) {
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < RESOURCES; i++) {
      if (Instance.of(i) == instance) {
        names.add("team-" + i % NAMESPACES + "/repo-" + i);
      }
    }
    return names;
  }

  private static int index(EcrRepository r) {
    return index(r.getMetadata().getName());
  }

  private static int index(String name) {
    return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
  }

  private static List<EcrRepository> repositories() {
    return client.resources(EcrRepository.class).inAnyNamespace().list().getItems();
  }

  private static void awaitAll(Predicate<EcrRepository> condition) {
    await()
        .atMost(CONVERGENCE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              List<EcrRepository> all = repositories();
              return all.size() == RESOURCES && all.stream().allMatch(condition);
            });
  }

  private static void awaitPolicyCount(String name, long users) {
    await()
        .atMost(CONVERGENCE)
        .until(
            () -> client.resources(EcrLifecyclePolicy.class).withName(name).get().getStatus(),
            s ->
                s != null
                    && Long.valueOf(users).equals(s.getRepositories())
                    && Long.valueOf(users).equals(s.getRepositoriesInSync()));
  }
}
