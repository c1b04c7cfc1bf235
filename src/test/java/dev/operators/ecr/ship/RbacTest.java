package dev.operators.ecr.ship;

import static dev.operators.ecr.ship.ShipFiles.NAMESPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.runtime.EcrOperator;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.ship.RbacRules.ApiRequest;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.SettingStatusFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The operator's RBAC is exactly what its code needs: the rules are pinned here with the reason for
 * each verb (k8s/rbac.yaml says where in JOSDK and fabric8 each comes from), and the real operator,
 * run through create, update, invalid spec, blocked and forced deletion, makes no request those
 * rules would refuse.
 */
class RbacTest {
  private static final String REGION = "eu-west-1";
  private static final String LEASE = "ecr-operator-leader";

  private final RbacRules rbac =
      RbacRules.boundTo(ShipFiles.installed(), NAMESPACE, "ecr-operator");

  @Test
  void exactlyTheRulesTheCodeNeeds() {
    Map<String, Set<String>> table = new TreeMap<>();
    for (RbacRules.Rule rule : rbac.rules()) {
      for (String group : rule.apiGroups()) {
        for (String resource : rule.resources()) {
          String key =
              (rule.namespace() == null ? "cluster-wide" : rule.namespace())
                  + " "
                  + (group.isEmpty() ? "core" : group)
                  + " "
                  + resource
                  + rule.resourceNames();
          table.computeIfAbsent(key, k -> new TreeSet<>()).addAll(rule.verbs());
        }
      }
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    // Informer (list, watch), finalizer add/remove (patch), re-read on a patch conflict (get).
    expected.put(
        "cluster-wide ecr.operators.dev ecrrepositories[]",
        Set.of("get", "list", "watch", "patch"));
    // StatusWriter: PUT of the status subresource.
    expected.put("cluster-wide ecr.operators.dev ecrrepositories/status[]", Set.of("update"));
    // The same for the shared EcrLifecyclePolicies (policy controller and fan-out informer).
    expected.put(
        "cluster-wide ecr.operators.dev ecrlifecyclepolicies[]",
        Set.of("get", "list", "watch", "patch"));
    expected.put("cluster-wide ecr.operators.dev ecrlifecyclepolicies/status[]", Set.of("update"));
    // The same for each registry-level kind (its controller and its claimants' informer).
    for (String kind :
        List.of("ecrpullthroughcacherules", "ecrregistries", "ecrrepositorycreationtemplates")) {
      expected.put(
          "cluster-wide ecr.operators.dev " + kind + "[]", Set.of("get", "list", "watch", "patch"));
      expected.put("cluster-wide ecr.operators.dev " + kind + "/status[]", Set.of("update"));
    }
    // EcrAccess: its controller's informer and each controller's informer on the accesses (which
    // identity acts); no finalizer, so neither patch nor the get that re-reads after a conflict.
    expected.put("cluster-wide ecr.operators.dev ecraccesses[]", Set.of("list", "watch"));
    expected.put("cluster-wide ecr.operators.dev ecraccesses/status[]", Set.of("update"));
    // The namespaces' labels, for EcrAccess namespace selectors: one informer.
    expected.put("cluster-wide core namespaces[]", Set.of("list", "watch"));
    // RepositoryEvents: core v1 Events, each created once.
    expected.put("cluster-wide core events[]", Set.of("create"));
    // What runs: one informer per source, each lists and watches (runtime/inuse/ImagesInUse).
    for (String resource :
        List.of(
            "core pods",
            "apps deployments",
            "apps replicasets",
            "apps statefulsets",
            "apps daemonsets",
            "batch jobs",
            "batch cronjobs")) {
      expected.put("cluster-wide " + resource + "[]", Set.of("list", "watch"));
    }
    // Leader election: create the Lease; read, renew (merge patch), and JOSDK's start-up check.
    expected.put(NAMESPACE + " coordination.k8s.io leases[]", Set.of("create"));
    expected.put(
        NAMESPACE + " coordination.k8s.io leases[" + LEASE + "]", Set.of("get", "update", "patch"));
    assertEquals(expected, table);
  }

  @Test
  void noWildcardAndNoSecrets() {
    for (RbacRules.Rule rule : rbac.rules()) {
      for (Set<String> values : List.of(rule.apiGroups(), rule.resources(), rule.verbs())) {
        assertFalse(values.contains("*"), rule.toString());
      }
      assertFalse(rule.resources().contains("secrets"), rule.toString());
      assertFalse(rule.verbs().contains("escalate") || rule.verbs().contains("bind"));
    }
  }

  @Test
  void everyRuleSaysWhyRightAboveIt() {
    List<String> lines = ShipFiles.read(ShipFiles.K8S.resolve("rbac.yaml")).lines().toList();
    int rules = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  - apiGroups:")) {
        rules++;
        assertTrue(lines.get(i - 1).trim().startsWith("#"), "no comment above line " + (i + 1));
      }
    }
    assertEquals(rbac.rules().size(), rules);
  }

  /**
   * JOSDK 5.2.3 refuses to start leader election unless a SelfSubjectRulesReview shows create,
   * update and get on leases (LeaderElectionManager.checkLeaseAccess: rules of the lease's
   * namespace, group coordination.k8s.io, resource leases, with no resourceNames or the lease's
   * name); fabric8 7.5.2's LeaseLock then reads with GET, creates with POST and renews with a merge
   * PATCH.
   */
  @Test
  void leaderElectionPassesJosdksCheckAndFabric8sWrites() {
    Set<String> verbs =
        rbac.rules().stream()
            .filter(r -> NAMESPACE.equals(r.namespace()))
            .filter(r -> r.apiGroups().contains("coordination.k8s.io"))
            .filter(r -> r.resources().contains("leases"))
            .filter(r -> r.resourceNames().isEmpty() || r.resourceNames().contains(LEASE))
            .flatMap(r -> r.verbs().stream())
            .collect(Collectors.toSet());
    assertTrue(verbs.containsAll(Set.of("create", "update", "get")), verbs.toString());

    String leases = "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases";
    assertTrue(rbac.allows(request("POST", leases)));
    assertTrue(rbac.allows(request("GET", leases + "/" + LEASE)));
    assertTrue(rbac.allows(request("PATCH", leases + "/" + LEASE)));
    assertFalse(rbac.allows(request("PATCH", leases + "/another-lease")));
    assertFalse(rbac.allows(request("DELETE", leases + "/" + LEASE)));
    assertFalse(
        rbac.allows(
            request("GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases/" + LEASE)));
  }

  @Test
  void theRunningOperatorMakesNoRequestTheRulesRefuse() {
    ConcurrentLinkedQueue<ApiRequest> requests = new ConcurrentLinkedQueue<>();
    try (LocalKubernetesApi api = LocalKubernetesApi.start(0);
        KubernetesClient client = api.newClient();
        KubernetesClient operatorClient = recordingClient(api, requests);
        EcrEmulator ecr = new EcrEmulator().start();
        SdkEcrPort port = EmulatorClients.port(ecr);
        EcrOperator operator =
            EcrOperator.start(
                operatorClient,
                port,
                OperatorSettings.builder()
                    .defaultRegion(REGION)
                    .resyncPeriod(Duration.ofSeconds(2))
                    .build(),
                Clock.systemUTC())) {
      var repositories = client.resources(EcrRepository.class);

      // An EcrAccess: its own status written (it serves a namespace with nothing in it).
      client
          .resource(
              Serialization.unmarshal(
                  KubeFixtures.yaml(
                      "apiVersion: ecr.operators.dev/v1alpha1",
                      "kind: EcrAccess",
                      "metadata: {name: team-z}",
                      "spec: {roleArn: 'arn:aws:iam::111122223333:role/ecr', namespaces: [team-z]}"),
                  EcrAccess.class))
          .create();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                EcrAccess access = client.resources(EcrAccess.class).withName("team-z").get();
                return access.getStatus() != null && access.getStatus().getAccount() != null;
              });

      // Create, then change the spec.
      client.resource(KubeFixtures.repository("team-a", "api", "Retain", 1)).create();
      await(client, "team-a", "api", r -> KubeFixtures.has(r, Conditions.READY, "True"));
      repositories
          .inNamespace("team-a")
          .withName("api")
          .edit(
              r -> {
                r.getSpec()
                    .getLifecyclePolicy()
                    .getRules()
                    .get(0)
                    .getSelection()
                    .setCountNumber(2L);
                return r;
              });
      await(client, "team-a", "api", r -> KubeFixtures.has(r, Conditions.READY, "True"));

      // A spec the operator refuses: Stalled, with a Warning Event.
      EcrRepository invalid = KubeFixtures.repository("team-b", "bad", "Retain", 1);
      invalid
          .getSpec()
          .getLifecyclePolicy()
          .getRules()
          .get(0)
          .getSelection()
          .setTagStatus("tagged");
      client.resource(invalid).create();
      await(client, "team-b", "bad", r -> KubeFixtures.has(r, Conditions.STALLED, "True"));

      // A deletion refused while images remain, then forced.
      client.resource(KubeFixtures.repository("team-c", "web", "Delete", 1)).create();
      await(client, "team-c", "web", r -> KubeFixtures.has(r, Conditions.READY, "True"));
      ecr.pushImage(REGION, "team-c/web", "sha256:" + "a".repeat(64), List.of("v1"), Instant.now());
      repositories.inNamespace("team-c").withName("web").delete();
      await(client, "team-c", "web", r -> KubeFixtures.has(r, Conditions.STALLED, "True"));
      repositories
          .inNamespace("team-c")
          .withName("web")
          .edit(
              r -> {
                r.getSpec().setForceDelete(true);
                return r;
              });
      awaitGone(client, "team-c", "web");

      // Retain: only the finalizer goes.
      repositories.inNamespace("team-a").withName("api").delete();
      awaitGone(client, "team-a", "api");

      // A repository creation template: created (finalizer, status), then deleted with it.
      var templates = client.resources(EcrRepositoryCreationTemplate.class);
      client
          .resource(
              Serialization.unmarshal(
                  KubeFixtures.yaml(
                      "apiVersion: ecr.operators.dev/v1alpha1",
                      "kind: EcrRepositoryCreationTemplate",
                      "metadata: {name: team-d}",
                      "spec: {prefix: team-d, appliedFor: [CREATE_ON_PUSH]}"),
                  EcrRepositoryCreationTemplate.class))
          .create();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> SettingStatusFactory.isReady(templates.withName("team-d").get()));
      templates.withName("team-d").delete();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> templates.withName("team-d").get() == null);

      // An EcrRegistry (cluster-scoped) that undoes its registry policy when deleted.
      var registries = client.resources(EcrRegistry.class);
      EcrRegistry registry = new EcrRegistry();
      registry.getMetadata().setName("registry");
      registry.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      registry
          .getSpec()
          .setPolicy(
              "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                  + "\"Action\":\"ecr:ReplicateImage\",\"Resource\":\"*\"}]}");
      client.resource(registry).create();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  SettingStatusFactory.isReady(registries.withName("registry").get())
                      && port.getRegistryPolicy(REGION).isPresent());
      registries.withName("registry").delete();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> registries.withName("registry").get() == null);
      assertTrue(port.getRegistryPolicy(REGION).isEmpty(), "the registry policy was deleted");
    }

    List<ApiRequest> refused = requests.stream().filter(r -> !rbac.allows(r)).toList();
    assertEquals(List.of(), refused, "requests the operator's RBAC would refuse");

    // The recording saw the operator work: each rule of the ClusterRole was used, except the
    // re-read after a patch conflict, which this run does not provoke.
    Set<String> used =
        requests.stream()
            .filter(ApiRequest::isResourceRequest)
            .map(r -> r.resource() + " " + r.verb())
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(
        used.containsAll(
            Set.of(
                "ecrrepositories list",
                "ecrrepositories watch",
                "ecrrepositories patch",
                "ecrrepositories/status update",
                "ecrregistries list",
                "ecrregistries watch",
                "ecrregistries patch",
                "ecrregistries/status update",
                "ecrlifecyclepolicies list",
                "ecrlifecyclepolicies watch",
                "ecrrepositorycreationtemplates list",
                "ecrrepositorycreationtemplates watch",
                "ecrrepositorycreationtemplates patch",
                "ecrrepositorycreationtemplates/status update",
                "events create",
                "ecraccesses list",
                "ecraccesses watch",
                "ecraccesses/status update",
                "namespaces list",
                "namespaces watch",
                "pods list",
                "pods watch",
                "deployments list",
                "deployments watch",
                "replicasets list",
                "statefulsets list",
                "daemonsets list",
                "jobs list",
                "cronjobs list")),
        used.toString());
  }

  private static KubernetesClient recordingClient(
      LocalKubernetesApi api, ConcurrentLinkedQueue<ApiRequest> requests) {
    Config config = LocalKubernetesApi.clientConfig(api.url());
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            requests.add(ApiRequest.of(request.method(), request.uri()));
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("rbac-recorder", recorder))
        .build();
  }

  private static void await(
      KubernetesClient client, String namespace, String name, Predicate<EcrRepository> done) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              EcrRepository r =
                  client.resources(EcrRepository.class).inNamespace(namespace).withName(name).get();
              return r != null && done.test(r);
            });
  }

  private static void awaitGone(KubernetesClient client, String namespace, String name) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(EcrRepository.class).inNamespace(namespace).withName(name).get()
                    == null);
  }

  private static ApiRequest request(String method, String path) {
    return ApiRequest.of(method, URI.create("https://kubernetes.default" + path));
  }
}
