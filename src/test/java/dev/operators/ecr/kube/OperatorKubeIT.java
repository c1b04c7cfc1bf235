package dev.operators.ecr.kube;

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
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Layer 5: the packaged operator ({@code java -jar target/ecr-operator.jar run}) against a real
 * kube-apiserver, as its ServiceAccount bound by exactly {@code k8s/rbac.yaml} (applied with
 * kubectl), with leader election on, and the ECR emulator. The main scenarios run as a user would
 * drive them; afterwards the API server's audit log shows every request the operator made: none was
 * forbidden, and the kinds of request are the ones pinned here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorKubeIT {
  private static final String REGION = "eu-west-1";
  private static final String OPERATOR_USER = "system:serviceaccount:ecr-operator:ecr-operator";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static RealKubernetes kube;
  private static KubernetesClient admin;
  private static EcrEmulator ecr;
  private static SdkEcrPort behindTheBack;
  private static OperatorJvm operator;
  private static Instant operatorStarted;

  @BeforeAll
  static void start() throws Exception {
    kube = RealKubernetes.shared();
    KubeFixtures.installOperatorPrerequisites(kube.kubectl("admin"));
    admin = kube.client("admin");
    ecr = new EcrEmulator().start();
    behindTheBack = EmulatorClients.port(ecr);
    operatorStarted = Instant.now();
    operator =
        KubeFixtures.startOperator(
            kube, ecr.endpoint(), "operator-it", Map.of(), List.of("--resync-period", "3s"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.stop();
    }
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
    admin.resource(policy).serverSideApply();
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
  @Order(6)
  void whatTheCacheDropsStaysOnTheStoredObject() {
    namespace("it-trimmed");
    // kubectl's client-side apply records the last-applied annotation; the operator's cache drops
    // it and managedFields, and its writes (finalizer, status) must not drop them on the server.
    kube.kubectl("admin")
        .runWithInput(
            Serialization.asYaml(KubeFixtures.repository("it-trimmed", "api", "Delete", 1)),
            "apply",
            "-f",
            "-")
        .orFail();
    EcrRepository ready = awaitReady("it-trimmed", "api");
    assertFalse(ready.getMetadata().getFinalizers().isEmpty(), "the finalizer was added");
    assertTrue(
        ready.getMetadata().getAnnotations().containsKey(TrimmedStore.LAST_APPLIED),
        "kept: " + ready.getMetadata().getAnnotations());
    Set<String> managers = new TreeSet<>();
    ready.getMetadata().getManagedFields().forEach(m -> managers.add(m.getManager()));
    assertTrue(managers.contains("kubectl-client-side-apply"), managers.toString());
    assertTrue(managers.size() >= 2, "the operator's writes are recorded too: " + managers);
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
    kube.kubectl("admin")
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrPullThroughCacheRule",
                "metadata: {name: it-quay}",
                "spec: {ecrRepositoryPrefix: it-quay, upstreamRegistryUrl: quay.io,"
                    + " upstreamRegistry: quay}"),
            "apply",
            "-f",
            "-")
        .orFail();
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
    kube.kubectl("admin")
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrRepositoryCreationTemplate",
                "metadata: {name: it-template}",
                "spec: {prefix: it-template, appliedFor: [CREATE_ON_PUSH],"
                    + " imageTagMutability: IMMUTABLE}"),
            "apply",
            "-f",
            "-")
        .orFail();
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
    kube.kubectl("admin")
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrRegistry",
                "metadata: {name: it-registry}",
                "spec:",
                "  region: " + REGION,
                "  deletionPolicy: Delete",
                "  pullTimeUpdateExclusions: [arn:aws:iam::123456789012:role/it-scanner]"),
            "apply",
            "-f",
            "-")
        .orFail();
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
  void askedPausedAndResumedWithKubectlAnnotate() {
    namespace("it-steer");
    apply(KubeFixtures.repository("it-steer", "api", "Retain", 1));
    awaitReady("it-steer", "api");
    var kubectl = kube.kubectl("admin");

    // The README's commands, the date as the shell would expand it.
    String now = Long.toString(Instant.now().getEpochSecond());
    kubectl
        .run(
            "annotate",
            "ecrrepo",
            "api",
            "-n",
            "it-steer",
            "ecr.operators.dev/reconcile-requested-at=" + now,
            "--overwrite")
        .orFail();
    await("it-steer", "api", r -> now.equals(r.getStatus().getLastHandledReconcileAt()));

    kubectl
        .run(
            "annotate",
            "ecrrepo",
            "api",
            "-n",
            "it-steer",
            "ecr.operators.dev/paused=true",
            "--overwrite")
        .orFail();
    await(
        "it-steer", "api", r -> Reasons.PAUSED.equals(condition(r, Conditions.READY).getReason()));
    // Paused, a policy deleted by hand stays deleted, and the status says what differs.
    behindTheBack.deleteLifecyclePolicy(new RepositoryRef(REGION, "it-steer/api"));
    EcrRepository drifted =
        await("it-steer", "api", r -> List.of("lifecyclePolicy").equals(r.getStatus().getDrift()));
    assertEquals("False", condition(drifted, Conditions.STALLED).getStatus());
    assertEquals(null, policyText("it-steer/api"));

    kubectl
        .run("annotate", "ecrrepo", "api", "-n", "it-steer", "ecr.operators.dev/paused-")
        .orFail();
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
  void anEcrAccessActsInItsAccountThroughStsUnderTheRealRbac() {
    String account = "210987654321";
    String role = "arn:aws:iam::" + account + ":role/ecr-operator-it";
    ecr.createRole(role, "it-external-id");
    namespace("it-access");
    kube.kubectl("admin")
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrAccess",
                "metadata: {name: it-access}",
                "spec: {roleArn: '"
                    + role
                    + "', externalId: it-external-id,"
                    + " namespaces: [it-access]}"),
            "apply",
            "-f",
            "-")
        .orFail();
    // Its own status, written under the operator's RBAC.
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

  @Test
  @Order(100)
  void everyRequestWasAllowedAndTheRequestsArePinned() throws Exception {
    assertTrue(operator.isAlive(), "the operator is still running; log: " + operator.log());
    List<AuditLog.Entry> requests =
        AuditLog.read(kube.auditLog()).stream()
            .filter(e -> OPERATOR_USER.equals(e.user()))
            .filter(e -> !e.time().isBefore(operatorStarted.minusSeconds(1)))
            .toList();
    assertFalse(requests.isEmpty(), "the audit log shows the operator's requests");
    List<AuditLog.Entry> forbidden = requests.stream().filter(e -> e.code() == 403).toList();
    assertEquals(List.of(), forbidden, "requests RBAC refused");

    // The informers list in pages.
    List<String> lists =
        requests.stream().filter(e -> e.verb().equals("list")).map(AuditLog.Entry::uri).toList();
    assertFalse(lists.isEmpty());
    assertTrue(
        lists.stream().allMatch(u -> u.contains("limit=" + Informers.LIST_PAGE)),
        "lists without a page size: " + lists);

    Set<String> kinds = new TreeSet<>();
    requests.forEach(e -> kinds.add(e.kind()));
    System.out.println("the operator's API requests, by kind: " + kinds);
    Set<String> required =
        Set.of(
            // run's check that the API server answers before anything starts (one line, exit 1,
            // when it does not); /version is open to every authenticated identity
            "get /version",
            // JOSDK's start-up check that it may use its Lease
            "create selfsubjectrulesreviews",
            // leader election (fabric8's LeaseLock): read, renew with a merge patch
            "get leases ecr-operator/ecr-operator-leader",
            "patch leases ecr-operator/ecr-operator-leader",
            // informers
            "list ecrrepositories",
            "watch ecrrepositories",
            "list ecrlifecyclepolicies",
            "watch ecrlifecyclepolicies",
            "list ecrpullthroughcacherules",
            "list ecrregistries",
            "list ecrrepositorycreationtemplates",
            "watch ecrpullthroughcacherules",
            "watch ecrregistries",
            "watch ecrrepositorycreationtemplates",
            // which AWS identity acts: the EcrAccesses, and the namespaces' labels
            "list ecraccesses",
            "watch ecraccesses",
            "list namespaces",
            "watch namespaces",
            // what runs (--in-use-protection report, the default): one informer per source
            "list pods",
            "watch pods",
            "list deployments",
            "watch deployments",
            "list replicasets",
            "watch replicasets",
            "list statefulsets",
            "watch statefulsets",
            "list daemonsets",
            "watch daemonsets",
            "list jobs",
            "watch jobs",
            "list cronjobs",
            "watch cronjobs",
            // finalizers
            "patch ecrrepositories",
            "patch ecrlifecyclepolicies",
            "patch ecrpullthroughcacherules",
            "patch ecrregistries",
            "patch ecrrepositorycreationtemplates",
            // status
            "update ecrrepositories/status",
            "update ecrlifecyclepolicies/status",
            "update ecrpullthroughcacherules/status",
            "update ecrregistries/status",
            "update ecrrepositorycreationtemplates/status",
            "update ecraccesses/status",
            // Events
            "create events");
    // The Lease is created when there is none, and taken over with an update when it expired.
    Set<String> allowed = new TreeSet<>(required);
    allowed.addAll(
        Set.of("create leases ecr-operator", "update leases ecr-operator/ecr-operator-leader"));
    assertTrue(kinds.containsAll(required), "missing from " + kinds + ": expected " + required);
    assertTrue(allowed.containsAll(kinds), "beyond the pinned list " + allowed + ": " + kinds);
  }

  // --- helpers

  // Ready=True, for a cluster-scoped registry-level resource.
  private static void awaitReady(
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

  private static void namespace(String name) {
    KubeFixtures.namespace(kube.kubectl("admin"), name);
  }

  private static void apply(EcrRepository repository) {
    admin.resource(repository).serverSideApply();
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          EcrRepository,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<EcrRepository>,
          io.fabric8.kubernetes.client.dsl.Resource<EcrRepository>>
      repositories(String namespace) {
    return admin.resources(EcrRepository.class).inNamespace(namespace);
  }

  private static EcrRepository get(String namespace, String name) {
    return repositories(namespace).withName(name).get();
  }

  private static String policyText(String repositoryName) {
    return ecr.repository(REGION, repositoryName)
        .map(RepositorySnapshot::lifecyclePolicyText)
        .orElse(null);
  }

  private static String text(String repositoryName) {
    String text = policyText(repositoryName);
    return text == null ? "" : text;
  }

  private static EcrRepository awaitReady(String namespace, String name) {
    return await(namespace, name, r -> KubeFixtures.has(r, Conditions.READY, "True"));
  }

  private static EcrRepository await(String namespace, String name, Predicate<EcrRepository> done) {
    return Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(namespace, name), r -> r != null && done.test(r));
  }

  private static void awaitGone(String namespace, String name) {
    Awaitility.await().atMost(WAIT).until(() -> get(namespace, name) == null);
  }

  private static Condition condition(EcrRepository r, String type) {
    assertNotNull(r.getStatus(), "no status yet");
    return Conditions.find(r.getStatus().getConditions(), type);
  }

  private static Set<String> reasons(String namespace, String name) {
    Set<String> reasons = new TreeSet<>();
    for (Event event : admin.v1().events().inNamespace(namespace).list().getItems()) {
      if (name.equals(event.getInvolvedObject().getName())) {
        reasons.add(event.getReason());
      }
    }
    return reasons;
  }
}
