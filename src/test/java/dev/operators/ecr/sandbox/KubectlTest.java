package dev.operators.ecr.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.process.KubectlProgram;
import dev.operators.ecr.process.KubectlProgram.Result;
import dev.operators.ecr.process.KubectlProgram.Running;
import dev.operators.ecr.runtime.OperatorProcess;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the local API, with the operator and the ECR emulator at work: {@code
 * get}, {@code describe}, {@code wait}, {@code get -o yaml} and {@code api-resources} show what a
 * cluster shows.
 */
class KubectlTest {
  private static final String REGION = "eu-west-1";
  private static final String NAMESPACE = SandboxScenario.DEMO_NAMESPACE;
  private static final String NAME = SandboxScenario.DEMO_NAME;
  // Repositories these tests create and change, apart from the examples.
  private static final String SCRATCH = "kubectl-scratch";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static KubectlProgram kubectl;
  private static LocalKubernetesApi api;
  private static EcrEmulator ecr;
  private static KubernetesClient client;
  private static OperatorProcess operator;
  private static Path kubeconfig;
  private static List<EcrRepository> examples;

  @BeforeAll
  static void start() throws IOException {
    kubectl = KubectlProgram.locate(dir);
    api = LocalKubernetesApi.start(0);
    ecr = new EcrEmulator().start();
    SandboxAccounts.createRoles(ecr);
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    client = api.newClient();
    operator =
        OperatorProcess.start(
            OperatorSettings.builder()
                .defaultRegion(REGION)
                .awsEndpoint(ecr.endpoint())
                .resyncPeriod(Duration.ofSeconds(3))
                .build(),
            Config.fromKubeconfig(Files.readString(kubeconfig)),
            EmulatorClients.CREDENTIALS);
    Examples.Loaded loaded = Examples.load(client, null);
    loaded.accesses().forEach(a -> client.resource(a).create());
    loaded.policies().forEach(p -> client.resource(p).create());
    examples = loaded.repositories().stream().map(r -> client.resource(r).create()).toList();
    // A second repository in the demo's namespace, with Events of its own.
    client.resource(repository(NAMESPACE, "neighbour")).create();
    await()
        .atMost(DEADLINE)
        .until(() -> examples.stream().allMatch(r -> SandboxScenario.isReady(current(r))));
    await().atMost(DEADLINE).until(() -> SandboxScenario.isReady(get(NAMESPACE, "neighbour")));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
    if (ecr != null) {
      ecr.close();
    }
  }

  @Test
  void getAllNamespacesShowsThePrinterColumnsWithTheirValues() {
    Result result = kubectl("get", "ecrrepo", "-A");

    List<Map<String, String>> rows = result.table();
    assertEquals(
        List.of("NAMESPACE", "NAME", "AGE", "REASON", "READY", "POLICY", "REPOSITORY", "URI"),
        List.copyOf(rows.get(0).keySet()),
        result.toString());
    List<EcrRepository> all =
        client.resources(EcrRepository.class).inAnyNamespace().list().getItems().stream()
            .sorted(
                Comparator.comparing((EcrRepository r) -> r.getMetadata().getNamespace())
                    .thenComparing(r -> r.getMetadata().getName()))
            .toList();
    assertEquals(all.size(), rows.size(), result.toString());
    for (int i = 0; i < all.size(); i++) {
      EcrRepository r = all.get(i);
      Map<String, String> row = rows.get(i);
      assertEquals(r.getMetadata().getNamespace(), row.get("NAMESPACE"), result.toString());
      assertEquals(r.getMetadata().getName(), row.get("NAME"), result.toString());
      assertTrue(row.get("AGE").matches("\\d+s|\\d+m(\\d+s)?"), result.toString());
      assertEquals("True", row.get("READY"), result.toString());
      assertEquals("Synced", row.get("REASON"), result.toString());
      assertEquals(
          r.getStatus().getLifecyclePolicy() == null
              ? ""
              : r.getStatus().getLifecyclePolicy().getVersion(),
          row.get("POLICY"),
          result.toString());
      assertEquals(r.getStatus().getRepositoryName(), row.get("REPOSITORY"), result.toString());
      assertEquals(r.getStatus().getRepositoryUri(), row.get("URI"), result.toString());
    }

    Result one = kubectl("get", "ecrrepo", NAME, "-n", NAMESPACE);
    assertEquals(NAME, one.table().get(0).get("NAME"), one.toString());
    assertEquals(1, one.table().size(), one.toString());
  }

  @Test
  void accessesAndTheAccountOfEachRepositoryShowAsTheReadmeShows() {
    // kubectl get ecraccess
    Result accesses = kubectl("get", "ecraccess");
    Map<String, String> access = accesses.table().get(0);
    assertEquals(1, accesses.table().size(), accesses.toString());
    assertEquals("team-search", access.get("NAME"), accesses.toString());
    assertEquals(SandboxAccounts.TEAM_B_ROLE_ARN, access.get("ROLE"), accesses.toString());
    assertEquals(SandboxAccounts.SECOND_ACCOUNT, access.get("ACCOUNT"), accesses.toString());
    assertEquals("True", access.get("READY"), accesses.toString());

    // kubectl get ecrrepo -A -o custom-columns=NAME:...,ACCOUNT:...,ACCESS:...
    Result repositories =
        kubectl(
            "get",
            "ecrrepo",
            "-A",
            "-o",
            "custom-columns=NAME:.metadata.name,ACCOUNT:.status.registryId,"
                + "ACCESS:.status.access.name");
    Map<String, Map<String, String>> byName = new HashMap<>();
    repositories.table().forEach(row -> byName.put(row.get("NAME"), row));
    assertEquals(
        Map.of(
            "NAME",
            "search-api",
            "ACCOUNT",
            SandboxAccounts.SECOND_ACCOUNT,
            "ACCESS",
            "team-search"),
        byName.get("search-api"),
        repositories.toString());
    assertEquals(
        Map.of("NAME", NAME, "ACCOUNT", EcrEmulator.DEFAULT_ACCOUNT_ID, "ACCESS", "<none>"),
        byName.get(NAME),
        repositories.toString());
    // And the repository is in that account's registry only.
    assertTrue(
        ecr.repository(SandboxAccounts.SECOND_ACCOUNT, REGION, "team-search/search-api")
            .isPresent());
    assertTrue(ecr.repository(REGION, "team-search/search-api").isEmpty());
  }

  @Test
  void theCategoryNamesBothKinds() {
    Result result = kubectl("get", "ecr", "-A");

    assertTrue(result.out().contains("ecrrepository.ecr.operators.dev/" + NAME), result.toString());
    assertTrue(
        result.out().contains("ecrlifecyclepolicy.ecr.operators.dev/standard-retention"),
        result.toString());
  }

  @Test
  void sharedPoliciesShowTheirColumns() {
    Result result = kubectl("get", "ecrlifecyclepolicies");

    EcrLifecyclePolicy policy =
        client.resources(EcrLifecyclePolicy.class).withName("standard-retention").get();
    Map<String, String> row = result.table().get(0);
    assertEquals(
        List.of(
            "NAME", "DEFAULT", "AGE", "READY", "REPOSITORIES", "IN-SYNC", "TEMPLATES", "VERSION"),
        List.copyOf(row.keySet()),
        result.toString());
    assertEquals("standard-retention", row.get("NAME"), result.toString());
    assertEquals("True", row.get("READY"), result.toString());
    assertEquals(
        String.valueOf(policy.getStatus().getRepositories()),
        row.get("REPOSITORIES"),
        result.toString());
    assertEquals(policy.getStatus().getVersion(), row.get("VERSION"), result.toString());
  }

  @Test
  void describeShowsTheStatusAndTheEventsOfThatRepositoryOnly() {
    assertTrue(
        client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
            .anyMatch(e -> "neighbour".equals(e.getInvolvedObject().getName())),
        "the neighbour has Events in the same namespace");

    Result result = kubectl("describe", "ecrrepo", "-n", NAMESPACE, NAME);

    String out = result.out();
    assertTrue(out.matches("(?s).*Conditions:.*Type:\\s+Ready\\n.*"), result.toString());
    assertTrue(
        out.matches("(?s).*Events:\\n.*Normal\\s+Created\\s+.*ecr-operator\\s+created ECR.*"),
        result.toString());
    assertTrue(out.contains(REGION + "/" + NAMESPACE + "/" + NAME), result.toString());
    assertFalse(out.contains(NAMESPACE + "/neighbour"), result.toString());
  }

  @Test
  void waitEndsAtOnceForAReadyRepository() {
    Result result =
        kubectl(
            "wait", "--for=condition=Ready", "ecrrepo/" + NAME, "-n", NAMESPACE, "--timeout=60s");

    assertEquals("ecrrepository.ecr.operators.dev/" + NAME + " condition met\n", result.out());
  }

  @Test
  void waitFollowsARepositoryUntilItIsReady() {
    ecr.failAlways("CreateRepository", Fault.serverError());
    try {
      client.resource(repository(SCRATCH, "slow")).create();
      Running wait =
          kubectl.start(
              kubeconfig,
              "wait",
              "--for=condition=Ready",
              "ecrrepo/slow",
              "-n",
              SCRATCH,
              "--timeout=60s",
              "-v=6");
      awaitWatching(wait);
      assertFalse(SandboxScenario.isReady(get(SCRATCH, "slow")));

      ecr.clearFaults();
      Result result = KubectlProgram.finish(wait, DEADLINE.plusSeconds(30));

      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(result.out().contains("condition met"), result.toString());
      assertTrue(noErrorLines(result), result.toString());
    } finally {
      ecr.clearFaults();
      deleteAndAwaitGone("slow");
    }
  }

  @Test
  void waitForDeletionSeesTheDeletion() {
    client.resource(repository(SCRATCH, "doomed")).create();
    await().atMost(DEADLINE).until(() -> SandboxScenario.isReady(get(SCRATCH, "doomed")));
    Running wait =
        kubectl.start(
            kubeconfig,
            "wait",
            "--for=delete",
            "ecrrepo/doomed",
            "-n",
            SCRATCH,
            "--timeout=60s",
            "-v=6");
    awaitWatching(wait);

    deleteAndAwaitGone("doomed");
    Result result = KubectlProgram.finish(wait, DEADLINE.plusSeconds(30));

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(noErrorLines(result), result.toString());
  }

  @Test
  void getWatchShowsEachChangeAsATableRow() {
    client.resource(repository(SCRATCH, "watched")).create();
    Running watch =
        kubectl.start(
            kubeconfig, "get", "ecrrepo", "watched", "-n", SCRATCH, "-w", "--output-watch-events");
    try {
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  watch.out().toString().matches("(?s)EVENT\\s+NAME\\s+AGE\\s+REASON\\s+READY.*"));

      client.resources(EcrRepository.class).inNamespace(SCRATCH).withName("watched").delete();

      await()
          .atMost(DEADLINE)
          .until(() -> watch.out().toString().matches("(?s).*\\nDELETED\\s+watched\\s.*"));
    } finally {
      KubectlProgram.end(watch);
      deleteAndAwaitGone("watched");
    }
  }

  @Test
  void getYamlShowsTheWholeObject() {
    Result result = kubectl("get", "ecrrepo", NAME, "-n", NAMESPACE, "-o", "yaml");

    EcrRepository shown = Serialization.unmarshal(result.out(), EcrRepository.class);
    EcrRepository stored = get(NAMESPACE, NAME);
    assertEquals(stored.getMetadata().getUid(), shown.getMetadata().getUid());
    assertEquals(Serialization.asJson(stored.getSpec()), Serialization.asJson(shown.getSpec()));
    assertEquals(stored.getStatus().getRepositoryUri(), shown.getStatus().getRepositoryUri());
  }

  @Test
  void apiResourcesListTheCrdsAsDeclared() {
    Result result = kubectl("api-resources", "--api-group=ecr.operators.dev");

    assertEquals(
        List.of(
            Map.of(
                "NAME", "ecraccesses",
                "SHORTNAMES", "ecraccess",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "false",
                "KIND", "EcrAccess"),
            Map.of(
                "NAME", "ecrlifecyclepolicies",
                "SHORTNAMES", "ecrlp",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "false",
                "KIND", "EcrLifecyclePolicy"),
            Map.of(
                "NAME", "ecrpullthroughcacherules",
                "SHORTNAMES", "ecrptc",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "false",
                "KIND", "EcrPullThroughCacheRule"),
            Map.of(
                "NAME", "ecrregistries",
                "SHORTNAMES", "ecrreg",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "false",
                "KIND", "EcrRegistry"),
            Map.of(
                "NAME", "ecrrepositories",
                "SHORTNAMES", "ecrrepo",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "true",
                "KIND", "EcrRepository"),
            Map.of(
                "NAME", "ecrrepositorycreationtemplates",
                "SHORTNAMES", "ecrrct",
                "APIVERSION", "ecr.operators.dev/v1alpha1",
                "NAMESPACED", "false",
                "KIND", "EcrRepositoryCreationTemplate")),
        result.table(),
        result.toString());
  }

  @Test
  void applyCreatesThenFindsNothingToChangeAndDeleteWaitsUntilGone() throws IOException {
    Path file = dir.resolve("applied.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRepository",
            "metadata: {name: applied, namespace: " + SCRATCH + "}",
            "spec: {repositoryName: " + SCRATCH + "/applied}",
            ""));
    try {
      assertEquals(
          "ecrrepository.ecr.operators.dev/applied created\n",
          kubectl("apply", "-f", file.toString()).out());
      assertEquals(
          "ecrrepository.ecr.operators.dev/applied unchanged\n",
          kubectl("apply", "-f", file.toString()).out());
      await().atMost(DEADLINE).until(() -> SandboxScenario.isReady(get(SCRATCH, "applied")));

      kubectl("delete", "-f", file.toString());

      assertNull(get(SCRATCH, "applied"), "the operator let it go before kubectl ended");
    } finally {
      deleteAndAwaitGone("applied");
    }
  }

  @Test
  void explainReadsTheCrdsSchema() {
    Result result = kubectl("explain", "ecrrepo.spec.deletionPolicy");

    assertTrue(result.out().contains("Retain (default) leaves the repository"), result.toString());
  }

  @Test
  void versionSaysWhatServes() {
    assertTrue(
        kubectl("version").out().contains("Server Version: v0.0.0-fabric8-mock"),
        "kubectl version");
  }

  private static Result kubectl(String... args) {
    return kubectl.run(kubeconfig, args).orFail();
  }

  // client-go logs each response once its headers are in: for a watch, once it is open.
  private static void awaitWatching(Running kubectl) {
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                kubectl
                    .err()
                    .toString()
                    .lines()
                    .anyMatch(l -> l.contains("watch=true") && l.contains("200 OK")));
  }

  @Test
  void annotateAsksForAPassThenPausesAndResumesAsTheReadmeShows() {
    client.resource(repository(SCRATCH, "steered")).create();
    await().atMost(DEADLINE).until(() -> SandboxScenario.isReady(get(SCRATCH, "steered")));
    try {
      // kubectl annotate ecrrepo NAME ecr.operators.dev/reconcile-requested-at="$(date +%s)"
      // --overwrite, with the date as the shell would expand it.
      String now = Long.toString(java.time.Instant.now().getEpochSecond());
      Result ask =
          kubectl(
              "annotate",
              "ecrrepo",
              "steered",
              "-n",
              SCRATCH,
              "ecr.operators.dev/reconcile-requested-at=" + now,
              "--overwrite");
      assertEquals(
          "ecrrepository.ecr.operators.dev/steered annotated\n", ask.out(), ask.toString());
      await()
          .atMost(DEADLINE)
          .until(() -> now.equals(get(SCRATCH, "steered").getStatus().getLastHandledReconcileAt()));
      Result handled =
          kubectl(
              "get",
              "ecrrepo",
              "steered",
              "-n",
              SCRATCH,
              "-o",
              "jsonpath={.status.lastHandledReconcileAt}");
      assertEquals(now, handled.out().strip(), handled.toString());

      Result pause =
          kubectl(
              "annotate",
              "ecrrepo",
              "steered",
              "-n",
              SCRATCH,
              "ecr.operators.dev/paused=true",
              "--overwrite");
      assertEquals(0, pause.exitCode(), pause.toString());
      await()
          .atMost(DEADLINE)
          .until(() -> readyColumns("steered").equals(List.of("Paused", "False")));

      Result resume =
          kubectl("annotate", "ecrrepo", "steered", "-n", SCRATCH, "ecr.operators.dev/paused-");
      assertEquals(0, resume.exitCode(), resume.toString());
      await()
          .atMost(DEADLINE)
          .until(() -> readyColumns("steered").equals(List.of("Synced", "True")));
      assertNull(
          get(SCRATCH, "steered").getMetadata().getAnnotations().get("ecr.operators.dev/paused"));
    } finally {
      deleteAndAwaitGone("steered");
    }
  }

  // REASON and READY of one repository, as kubectl get shows them.
  private static List<String> readyColumns(String name) {
    Map<String, String> row = kubectl("get", "ecrrepo", name, "-n", SCRATCH).table().get(0);
    return List.of(row.get("REASON"), row.get("READY"));
  }

  // klog writes errors as lines starting with E and the date.
  private static boolean noErrorLines(Result result) {
    return result.err().lines().noneMatch(l -> l.matches("E\\d{4} .*"));
  }

  // The other tests list every repository: those of a test go when it ends.
  private static void deleteAndAwaitGone(String name) {
    client.resources(EcrRepository.class).inNamespace(SCRATCH).withName(name).delete();
    await().atMost(DEADLINE).until(() -> get(SCRATCH, name) == null);
  }

  private static EcrRepository repository(String namespace, String name) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(namespace + "/" + name);
    r.setSpec(spec);
    return r;
  }

  private static EcrRepository current(EcrRepository r) {
    return get(r.getMetadata().getNamespace(), r.getMetadata().getName());
  }

  private static EcrRepository get(String namespace, String name) {
    return client.resources(EcrRepository.class).inNamespace(namespace).withName(name).get();
  }
}
