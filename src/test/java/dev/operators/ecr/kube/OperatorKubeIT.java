package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.scenarios.OperatorScenarios;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: the packaged operator ({@code java -jar target/ecr-operator.jar run}) against a real
 * kube-apiserver, as its ServiceAccount bound by exactly {@code k8s/rbac.yaml} (applied with
 * kubectl), with leader election on, and the ECR emulator. The {@link OperatorScenarios} run as a
 * user would drive them (manifests applied and annotations set with kubectl), then what only a real
 * server shows: what the operator's cache drops stays on the stored object, and, last, the API
 * server's audit log shows every request the operator made in all of them: none was forbidden, and
 * the kinds of request are the ones pinned here.
 */
class OperatorKubeIT extends OperatorScenarios {
  private static final String OPERATOR_USER = "system:serviceaccount:ecr-operator:ecr-operator";

  private RealKubernetes kube;
  private OperatorJvm operator;
  private Instant operatorStarted;

  @Override
  protected KubernetesClient startKubernetes() {
    kube = RealKubernetes.shared();
    KubeFixtures.installOperatorPrerequisites(kube.kubectl("admin"));
    return kube.client("admin");
  }

  @Override
  protected void startOperator(URI ecrEndpoint) {
    operatorStarted = Instant.now();
    operator =
        KubeFixtures.startOperator(
            kube,
            ecrEndpoint,
            "operator-it",
            Map.of(),
            List.of("--resync-period", RESYNC.toSeconds() + "s"));
  }

  @Override
  protected void stopOperatorAndKubernetes() throws InterruptedException {
    // The shared API server outlives the class.
    if (operator != null) {
      operator.stop();
    }
  }

  @Override
  protected void apply(HasMetadata resource) {
    admin.resource(resource).serverSideApply();
  }

  @Override
  protected void applyYaml(String manifest) {
    kube.kubectl("admin").runWithInput(manifest, "apply", "-f", "-").orFail();
  }

  // The README's commands: kubectl annotate ... --overwrite, and KEY- to remove.
  @Override
  protected void annotate(String namespace, String name, String key, String value) {
    List<String> args = new ArrayList<>(List.of("annotate", "ecrrepo", name, "-n", namespace));
    if (value == null) {
      args.add(key + "-");
    } else {
      args.add(key + "=" + value);
      args.add("--overwrite");
    }
    kube.kubectl("admin").run(args.toArray(String[]::new)).orFail();
  }

  @Test
  @Order(6)
  void whatTheCacheDropsStaysOnTheStoredObject() {
    KubeFixtures.namespace(kube.kubectl("admin"), "it-trimmed");
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
}
