package dev.operators.ecr.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.InUseProtectionMode;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's main scenarios, driven as a user would drive them, written once and run against
 * both API servers: the fabric8 mock ({@code OperatorScenariosOnMockTest}) and a real
 * kube-apiserver ({@code OperatorKubeIT}). A subclass says how its API server is reached, how the
 * operator is started against it and the ECR emulator, and how a manifest is applied and an
 * annotation set; the tests and their assertions are the same on both. Each scenario works in its
 * own namespace and ECR repositories, so the order only keeps the operator's requests in one run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class OperatorScenarios {
  /** The operator's default region. */
  protected static final String REGION = "eu-west-1";

  /** The operator's resync period: drift made behind its back is found this often. */
  protected static final Duration RESYNC = Duration.ofSeconds(3);

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The emulator, where the tests look at what the operator did in ECR. */
  protected EcrEmulator ecr;

  /** A client with every right on the API server, as a cluster administrator has. */
  protected KubernetesClient admin;

  private SdkEcrPort behindTheBack;

  /** Starts the API server (or reaches it) and returns an administrator's client to it. */
  protected abstract KubernetesClient startKubernetes() throws Exception;

  /**
   * Starts the operator against the API server and the ECR emulator at {@code ecrEndpoint}, with
   * {@link #REGION} and {@link #RESYNC}; returns once it runs.
   */
  protected abstract void startOperator(URI ecrEndpoint) throws Exception;

  /** Stops the operator, then the API server if this class started it. */
  protected abstract void stopOperatorAndKubernetes() throws Exception;

  /**
   * Creates the resource, or changes the fields it sets when it exists (fields set by others, such
   * as the operator's finalizer, stay).
   */
  protected abstract void apply(HasMetadata resource);

  /** Applies a manifest as a person would. */
  protected abstract void applyYaml(String manifest);

  /** Sets (or with a null value removes) an annotation on an EcrRepository, as a person would. */
  protected abstract void annotate(String namespace, String name, String key, String value);

  @BeforeAll
  void startScenarios() throws Exception {
    admin = startKubernetes();
    ecr = new EcrEmulator().start();
    behindTheBack = EmulatorClients.port(ecr);
    startOperator(ecr.endpoint());
  }

  @AfterAll
  void stopScenarios() throws Exception {
    try {
      stopOperatorAndKubernetes();
    } finally {
      if (behindTheBack != null) {
        behindTheBack.close();
      }
      if (ecr != null) {
        ecr.close();
      }
      if (admin != null) {
        admin.close();
      }
    }
  }

  @Test
  @Order(1)
  void createChangeAndDriftRestored() {
    namespace("it-create");
    apply(KubeFixtures.repository("it-create", "api", "Retain", 1));
    EcrRepository ready = awaitReady("it-create", "api");
    assertEquals("it-create/api", ready.getStatus().getRepositoryName());
    String first = policyText("it-create/api");
    assertTrue(first.contains("\"countNumber\":1"), first);

    // Change the policy: ECR follows, Ready at the new generation.
    apply(KubeFixtures.repository("it-create", "api", "Retain", 3));
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> policyText("it-create/api").contains("\"countNumber\":3"));
    awaitReady("it-create", "api");

    // Someone deletes the policy by hand: the next resync puts it back.
    behindTheBack.deleteLifecyclePolicy(new RepositoryRef(REGION, "it-create/api"));
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                policyText("it-create/api") != null
                    && policyText("it-create/api").contains("\"countNumber\":3"));
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> reasons("it-create", "api").contains(Reasons.DRIFT_CORRECTED));
    assertTrue(reasons("it-create", "api").contains(Reasons.CREATED));
  }

  @Test
  @Order(2)
  void deletionRetainDeleteAndBlocked() {
    namespace("it-delete");
    apply(KubeFixtures.repository("it-delete", "kept", "Retain", 1));
    apply(KubeFixtures.repository("it-delete", "empty", "Delete", 1));
    apply(KubeFixtures.repository("it-delete", "full", "Delete", 1));
    awaitReady("it-delete", "kept");
    awaitReady("it-delete", "empty");
    awaitReady("it-delete", "full");
    ecr.pushImage(
        REGION, "it-delete/full", "sha256:" + "b".repeat(64), List.of("v1"), Instant.now());

    repositories("it-delete").withName("kept").delete();
    repositories("it-delete").withName("empty").delete();
    repositories("it-delete").withName("full").delete();
    awaitGone("it-delete", "kept");
    awaitGone("it-delete", "empty");
    RepositorySnapshot kept = ecr.repository(REGION, "it-delete/kept").orElseThrow();
    assertFalse(kept.tags().containsKey(Owner.TAG_KEY), "a retained repository is released");
    assertTrue(ecr.repository(REGION, "it-delete/empty").isEmpty());

    // A repository that still holds images is not deleted until forceDelete says so.
    await("it-delete", "full", r -> KubeFixtures.has(r, Conditions.STALLED, "True"));
    assertEquals(
        Reasons.DELETION_BLOCKED,
        condition(get("it-delete", "full"), Conditions.READY).getReason());
    assertTrue(ecr.repository(REGION, "it-delete/full").isPresent());
    repositories("it-delete")
        .withName("full")
        .edit(
            r -> {
              r.getSpec().setForceDelete(true);
              return r;
            });
    awaitGone("it-delete", "full");
    assertTrue(ecr.repository(REGION, "it-delete/full").isEmpty());
  }

  @Test
  @Order(3)
  void adoptionAndOwnershipConflict() {
    namespace("it-owners");
    behindTheBack.createRepository(
        new RepositoryRef(REGION, "it-owners/legacy"),
        RepositorySettings.NONE,
        Map.of("team", "billing"));
    behindTheBack.createRepository(
        new RepositoryRef(REGION, "it-owners/taken"),
        RepositorySettings.NONE,
        Owner.of("default", "elsewhere", "taken").asTags());

    EcrRepository adopted = KubeFixtures.repository("it-owners", "legacy", "Retain", 1);
    adopted.getSpec().setAdopt(true);
    apply(adopted);
    awaitReady("it-owners", "legacy");
    assertEquals(
        Owner.of("default", "it-owners", "legacy").value(),
        ecr.repository(REGION, "it-owners/legacy").orElseThrow().tags().get(Owner.TAG_KEY));

    apply(KubeFixtures.repository("it-owners", "taken", "Delete", 1));
    await("it-owners", "taken", r -> KubeFixtures.has(r, Conditions.STALLED, "True"));
    assertEquals(
        Reasons.OWNERSHIP_CONFLICT,
        condition(get("it-owners", "taken"), Conditions.READY).getReason());
    assertEquals(
        Owner.of("default", "elsewhere", "taken").value(),
        ecr.repository(REGION, "it-owners/taken").orElseThrow().tags().get(Owner.TAG_KEY));
  }

  @Test
  @Order(4)
  void sharedPolicyFannedOut() {
    namespace("it-shared");
    EcrLifecyclePolicy policy =
        Serialization.unmarshal(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrLifecyclePolicy",
                "metadata: {name: it-shared-retention}",
                "spec:",
                "  rules:",
                "    - selection: {tagStatus: untagged, countType: imageCountMoreThan, countNumber: 2}",
                "      action: {type: expire}"),
            EcrLifecyclePolicy.class);
    apply(policy);
    for (String name : List.of("one", "two")) {
      apply(
          Serialization.unmarshal(
              KubeFixtures.yaml(
                  "apiVersion: ecr.operators.dev/v1alpha1",
                  "kind: EcrRepository",
                  "metadata: {name: " + name + ", namespace: it-shared}",
                  "spec:",
                  "  repositoryName: it-shared/" + name,
                  "  deletionPolicy: Delete",
                  "  lifecyclePolicyRef: {name: it-shared-retention}"),
              EcrRepository.class));
    }
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                List.of("one", "two").stream()
                    .allMatch(n -> text("it-shared/" + n).contains("\"countNumber\":2")));

    admin
        .resources(EcrLifecyclePolicy.class)
        .withName("it-shared-retention")
        .edit(
            p -> {
              p.getSpec().getRules().get(0).getSelection().setCountNumber(7L);
              return p;
            });
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                List.of("one", "two").stream()
                    .allMatch(n -> text("it-shared/" + n).contains("\"countNumber\":7")));
    awaitReady("it-shared", "one");
    awaitReady("it-shared", "two");
    // The shared policy's own status counts the repositories that carry it.
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(EcrLifecyclePolicy.class).withName("it-shared-retention").get(),
            p ->
                p.getStatus() != null
                    && p.getMetadata().getGeneration().equals(p.getStatus().getObservedGeneration())
                    && Long.valueOf(2).equals(p.getStatus().getRepositoriesInSync()));
  }

  @Test
  @Order(5)
  void invalidSpecStalledWithoutAnEcrWrite() throws Exception {
    namespace("it-invalid");
    long writesBefore = ecr.writeCallCount();
    // From the bad corpus: admission lets it through, the operator's validator refuses it (as ECR
    // would).
    EcrRepository invalid =
        Serialization.unmarshal(
            Files.readString(Path.of("src/test/resources/admission/bad/any-rule-not-last.yaml")),
            EcrRepository.class);
    invalid.getMetadata().setNamespace("it-invalid");
    invalid.getMetadata().setName("bad");
    invalid.getSpec().setRepositoryName("it-invalid/bad");
    apply(invalid);
    await("it-invalid", "bad", r -> KubeFixtures.has(r, Conditions.STALLED, "True"));
    EcrRepository stalled = get("it-invalid", "bad");
    assertEquals(Reasons.INVALID_SPEC, condition(stalled, Conditions.READY).getReason());
    assertTrue(ecr.repository(REGION, "it-invalid/bad").isEmpty());
    assertEquals(writesBefore, ecr.writeCallCount(), "no ECR write for an invalid spec");
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> reasons("it-invalid", "bad").contains(Reasons.INVALID_SPEC));
  }

  @Test
  @Order(7)
  void anImageInUseIsProtectedAndTheStatusKeepsWhatProtectionShows() {
    namespace("it-protect");
    // No controller manager runs here to create a namespace's default ServiceAccount, which the
    // ServiceAccount admission plugin requires of every Pod; nor a kubelet: the Pod stays Pending,
    // and its image counts by its spec's reference.
    admin
        .serviceAccounts()
        .inNamespace("it-protect")
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .endMetadata()
                .build())
        .create();
    EcrRepository protect = KubeFixtures.repository("it-protect", "api", "Retain", 1);
    protect.getSpec().setInUseProtection(InUseProtectionMode.Protect);
    apply(protect);
    EcrRepository ready = awaitReady("it-protect", "api");
    String digest = "sha256:" + "5e".repeat(32);
    ecr.pushImage(REGION, "it-protect/api", digest, List.of(), Instant.now().minusSeconds(600));
    ecr.pushImage(REGION, "it-protect/api", "sha256:" + "6f".repeat(32), List.of(), Instant.now());

    admin
        .pods()
        .inNamespace("it-protect")
        .resource(
            new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName("replay")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(ready.getStatus().getRepositoryUri() + "@" + digest)
                .endContainer()
                .endSpec()
                .build())
        .create();

    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                ecr.images(REGION, "it-protect/api").stream()
                    .filter(i -> i.digest().equals(digest))
                    .anyMatch(i -> i.tags().stream().anyMatch(ProtectionTags::isProtectionTag)));
    // What the status says is in the CRD's schema: the real server keeps it (it prunes the rest).
    EcrRepository shown =
        await(
            "it-protect",
            "api",
            r ->
                r.getStatus().getProtection() != null
                    && Long.valueOf(1).equals(r.getStatus().getProtection().getProtectedImages()));
    assertNotNull(shown.getStatus().getProtection().getTagPrefix());
    assertNotNull(shown.getStatus().getLifecyclePolicy().getAppliedDigest());
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> reasons("it-protect", "api").contains(Reasons.IMAGES_PROTECTED));
  }

  @Test
  @Order(8)
  void registryLevelKindsAreKeptAndDeletedAsDeclared() {
    applyYaml(
        KubeFixtures.yaml(
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrPullThroughCacheRule",
            "metadata: {name: it-quay}",
            "spec: {ecrRepositoryPrefix: it-quay, upstreamRegistryUrl: quay.io,"
                + " upstreamRegistry: quay}"));
    var rules = admin.resources(EcrPullThroughCacheRule.class);
    awaitReady(rules, "it-quay");
    assertEquals(
        "quay.io",
        behindTheBack
            .describePullThroughCacheRule(REGION, "it-quay")
            .orElseThrow()
            .upstreamRegistryUrl());

    rules.withName("it-quay").delete();
    Awaitility.await().atMost(WAIT).until(() -> rules.withName("it-quay").get() == null);
    assertTrue(behindTheBack.describePullThroughCacheRule(REGION, "it-quay").isEmpty());

    // A creation template: created as declared, deleted with its resource.
    applyYaml(
        KubeFixtures.yaml(
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRepositoryCreationTemplate",
            "metadata: {name: it-template}",
            "spec: {prefix: it-template, appliedFor: [CREATE_ON_PUSH],"
                + " imageTagMutability: IMMUTABLE}"));
    var templates = admin.resources(EcrRepositoryCreationTemplate.class);
    awaitReady(templates, "it-template");
    assertEquals(
        "IMMUTABLE",
        behindTheBack
            .describeRepositoryCreationTemplate(REGION, "it-template")
            .orElseThrow()
            .imageTagMutability());
    templates.withName("it-template").delete();
    Awaitility.await().atMost(WAIT).until(() -> templates.withName("it-template").get() == null);
    assertTrue(behindTheBack.describeRepositoryCreationTemplate(REGION, "it-template").isEmpty());

    // The registry's own settings: one section declared, kept, then undone on deletion.
    applyYaml(
        KubeFixtures.yaml(
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRegistry",
            "metadata: {name: it-registry}",
            "spec:",
            "  region: " + REGION,
            "  deletionPolicy: Delete",
            "  pullTimeUpdateExclusions: [arn:aws:iam::123456789012:role/it-scanner]"));
    var registries = admin.resources(EcrRegistry.class);
    awaitReady(registries, "it-registry");
    assertEquals(
        List.of("arn:aws:iam::123456789012:role/it-scanner"),
        behindTheBack.listPullTimeUpdateExclusions(REGION));
    registries.withName("it-registry").delete();
    Awaitility.await().atMost(WAIT).until(() -> registries.withName("it-registry").get() == null);
    assertEquals(List.of(), behindTheBack.listPullTimeUpdateExclusions(REGION));
  }

  @Test
  @Order(9)
  void askedPausedAndResumedWithAnnotations() {
    namespace("it-steer");
    apply(KubeFixtures.repository("it-steer", "api", "Retain", 1));
    awaitReady("it-steer", "api");

    // The README's annotations, the date as the shell would expand it.
    String now = Long.toString(Instant.now().getEpochSecond());
    annotate("it-steer", "api", "ecr.operators.dev/reconcile-requested-at", now);
    await("it-steer", "api", r -> now.equals(r.getStatus().getLastHandledReconcileAt()));

    annotate("it-steer", "api", "ecr.operators.dev/paused", "true");
    await(
        "it-steer", "api", r -> Reasons.PAUSED.equals(condition(r, Conditions.READY).getReason()));
    // Paused, a policy deleted by hand stays deleted, and the status says what differs.
    behindTheBack.deleteLifecyclePolicy(new RepositoryRef(REGION, "it-steer/api"));
    EcrRepository drifted =
        await("it-steer", "api", r -> List.of("lifecyclePolicy").equals(r.getStatus().getDrift()));
    assertEquals("False", condition(drifted, Conditions.STALLED).getStatus());
    assertEquals(null, policyText("it-steer/api"));

    annotate("it-steer", "api", "ecr.operators.dev/paused", null);
    Awaitility.await().atMost(WAIT).until(() -> policyText("it-steer/api") != null);
    EcrRepository resumed =
        await(
            "it-steer",
            "api",
            r ->
                KubeFixtures.has(r, Conditions.READY, "True")
                    && r.getStatus().getDriftCorrections() != null);
    assertEquals(1L, resumed.getStatus().getDriftCorrections());
  }

  @Test
  @Order(10)
  void anEcrAccessActsInItsAccountThroughSts() {
    String account = "210987654321";
    String role = "arn:aws:iam::" + account + ":role/ecr-operator-it";
    ecr.createRole(role, "it-external-id");
    namespace("it-access");
    applyYaml(
        KubeFixtures.yaml(
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrAccess",
            "metadata: {name: it-access}",
            "spec: {roleArn: '"
                + role
                + "', externalId: it-external-id,"
                + " namespaces: [it-access]}"));
    // Its own status, written by the operator (on the real server, under its RBAC).
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(EcrAccess.class).withName("it-access").get(),
            a ->
                a != null
                    && a.getStatus() != null
                    && account.equals(a.getStatus().getAccount())
                    && Optional.ofNullable(
                            Conditions.find(a.getStatus().getConditions(), Conditions.READY))
                        .map(Condition::getStatus)
                        .filter("True"::equals)
                        .isPresent());

    apply(KubeFixtures.repository("it-access", "api", "Delete", 1));
    EcrRepository ready = awaitReady("it-access", "api");
    assertEquals(account, ready.getStatus().getRegistryId());
    assertEquals("it-access", ready.getStatus().getAccess().getName());
    assertEquals(role, ready.getStatus().getAccess().getRoleArn());
    assertTrue(ecr.repository(account, REGION, "it-access/api").isPresent());
    assertTrue(ecr.repository(REGION, "it-access/api").isEmpty());
    // STS counts a call under the caller's account: the operator's own.
    assertTrue(ecr.callCount(EcrEmulator.DEFAULT_ACCOUNT_ID, "AssumeRole") >= 1);

    // Deleted (Delete): removed from that account, as that role.
    repositories("it-access").withName("api").delete();
    awaitGone("it-access", "api");
    assertTrue(ecr.repository(account, REGION, "it-access/api").isEmpty());
  }

  // --- helpers

  // Ready=True, for a cluster-scoped registry-level resource.
  private void awaitReady(
      io.fabric8.kubernetes.client.dsl.MixedOperation<
              ? extends io.fabric8.kubernetes.client.CustomResource<?, ? extends SettingStatus>,
              ?,
              ?>
          resources,
      String name) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> resources.withName(name).get(),
            r ->
                r != null
                    && r.getStatus() != null
                    && Optional.ofNullable(
                            Conditions.find(r.getStatus().getConditions(), Conditions.READY))
                        .map(Condition::getStatus)
                        .filter("True"::equals)
                        .isPresent());
  }

  private void namespace(String name) {
    apply(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          EcrRepository,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<EcrRepository>,
          io.fabric8.kubernetes.client.dsl.Resource<EcrRepository>>
      repositories(String namespace) {
    return admin.resources(EcrRepository.class).inNamespace(namespace);
  }

  private EcrRepository get(String namespace, String name) {
    return repositories(namespace).withName(name).get();
  }

  private String policyText(String repositoryName) {
    return ecr.repository(REGION, repositoryName)
        .map(RepositorySnapshot::lifecyclePolicyText)
        .orElse(null);
  }

  private String text(String repositoryName) {
    String text = policyText(repositoryName);
    return text == null ? "" : text;
  }

  /** Waits until the EcrRepository is Ready=True at its current generation; returns it then. */
  protected EcrRepository awaitReady(String namespace, String name) {
    return await(namespace, name, r -> KubeFixtures.has(r, Conditions.READY, "True"));
  }

  private EcrRepository await(String namespace, String name, Predicate<EcrRepository> done) {
    return Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && done.test(r));
  }

  private void awaitGone(String namespace, String name) {
    Awaitility.await().atMost(WAIT).until(() -> get(namespace, name) == null);
  }

  private Condition condition(EcrRepository r, String type) {
    assertNotNull(r.getStatus(), "no status yet");
    return Conditions.find(r.getStatus().getConditions(), type);
  }

  private Set<String> reasons(String namespace, String name) {
    Set<String> reasons = new TreeSet<>();
    for (Event event : admin.v1().events().inNamespace(namespace).list().getItems()) {
      if (name.equals(event.getInvolvedObject().getName())) {
        reasons.add(event.getReason());
      }
    }
    return reasons;
  }
}
