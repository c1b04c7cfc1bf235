package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: server-side apply against the operator's default (a JSON patch for the finalizer, an
 * update of the status subresource), measured on a real API server. Each way, the packaged operator
 * converges {@value #N} new repositories, then every spec is changed while a second writer labels
 * each resource (as a person or a GitOps tool would), racing the operator's status writes. Printed:
 * the time to converge, the operator's writes by kind, the conflicts (409) it met, and the size of
 * {@code managedFields} on the stored objects. The decision and these figures are in
 * docs/design.md, "Server-side apply".
 */
class ServerSideApplyKubeIT {
  static final int N = 60;
  private static final String OPERATOR_USER = "system:serviceaccount:ecr-operator:ecr-operator";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofMinutes(3);

  /** What one way of writing cost. */
  record Figures(
      String mode,
      double convergeSeconds,
      double changeSeconds,
      Map<String, Integer> writes,
      int conflicts,
      double managedFieldsBytes,
      double managedFieldsEntries) {}

  @Test
  void bothWaysConvergeAndTheFiguresArePrinted() throws Exception {
    RealKubernetes kube = RealKubernetes.shared();
    Kubectl kubectl = kube.kubectl("admin");
    KubeFixtures.installOperatorPrerequisites(kubectl);
    // Server-side apply of a status is a PATCH of the status subresource: k8s/rbac.yaml grants
    // update there, so this way needs one more verb.
    kubectl
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: rbac.authorization.k8s.io/v1",
                "kind: ClusterRole",
                "metadata: {name: ecr-operator-status-apply}",
                "rules:",
                "  - apiGroups: [ecr.operators.dev]",
                "    resources: [ecrrepositories/status, ecrlifecyclepolicies/status]",
                "    verbs: [patch]",
                "---",
                "apiVersion: rbac.authorization.k8s.io/v1",
                "kind: ClusterRoleBinding",
                "metadata: {name: ecr-operator-status-apply}",
                "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole,"
                    + " name: ecr-operator-status-apply}",
                "subjects: [{kind: ServiceAccount, name: ecr-operator, namespace: ecr-operator}]"),
            "apply",
            "-f",
            "-")
        .orFail();

    List<Figures> figures = new ArrayList<>();
    try (KubernetesClient admin = kube.client("admin");
        EcrEmulator ecr = new EcrEmulator().start()) {
      figures.add(measure(kube, admin, ecr, "update", false));
      figures.add(measure(kube, admin, ecr, "apply", true));
    }

    System.out.printf(
        "server-side apply against update, %d repositories each, on %s%n", N, kube.version());
    System.out.println(
        "| way | converge | change under a racing writer | operator writes | 409 conflicts |"
            + " managedFields per object |");
    System.out.println("|---|---|---|---|---|---|");
    for (Figures f : figures) {
      System.out.printf(
          "| %s | %.1f s | %.1f s | %s | %d | %.0f bytes, %.1f entries |%n",
          f.mode(),
          f.convergeSeconds(),
          f.changeSeconds(),
          f.writes(),
          f.conflicts(),
          f.managedFieldsBytes(),
          f.managedFieldsEntries());
    }
    // Each way wrote the status its own way, and converged (awaitAllReady) after the race.
    assertTrue(
        figures.get(0).writes().keySet().stream()
            .allMatch(k -> !k.startsWith("patch ecrrepositories/status")),
        figures.get(0).writes().toString());
    assertTrue(
        figures.get(1).writes().keySet().stream()
            .noneMatch(k -> k.startsWith("update ecrrepositories/status")),
        figures.get(1).writes().toString());
    assertTrue(
        figures.get(1).writes().keySet().stream()
            .anyMatch(k -> k.startsWith("patch ecrrepositories/status")),
        figures.get(1).writes().toString());
  }

  private static Figures measure(
      RealKubernetes kube, KubernetesClient admin, EcrEmulator ecr, String mode, boolean ssa)
      throws Exception {
    String namespace = "ssa-" + mode;
    KubeFixtures.namespace(kube.kubectl("admin"), namespace);
    for (int i = 0; i < N; i++) {
      admin.resource(KubeFixtures.repository(namespace, "r" + i, "Delete", 1)).create();
    }
    Instant started = Instant.now();
    OperatorJvm operator =
        KubeFixtures.startOperator(
            kube,
            ecr.endpoint(),
            "ssa-" + mode,
            Map.of(),
            List.of("--namespaces", namespace, "--server-side-apply=" + ssa));
    try {
      awaitAllReady(admin, namespace);
      Instant converged = Instant.now();

      // Every spec changes while another writer labels each resource.
      for (int i = 0; i < N; i++) {
        String name = "r" + i;
        admin
            .resources(EcrRepository.class)
            .inNamespace(namespace)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"lifecyclePolicy\":{\"rules\":[{\"selection\":{\"tagStatus\":\"untagged\","
                    + "\"countType\":\"imageCountMoreThan\",\"countNumber\":2},"
                    + "\"action\":{\"type\":\"expire\"}}]}}}");
      }
      Instant changed = Instant.now();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
          admin
              .resources(EcrRepository.class)
              .inNamespace(namespace)
              .withName("r" + i)
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  "{\"metadata\":{\"labels\":{\"touched\":\"" + round + "\"}}}");
        }
      }
      awaitAllReady(admin, namespace);
      Instant settled = Instant.now();

      Map<String, Integer> writes = new TreeMap<>();
      int conflicts = 0;
      for (AuditLog.Entry e : AuditLog.read(kube.auditLog())) {
        if (!OPERATOR_USER.equals(e.user())
            || e.time().isBefore(started)
            || !e.uri().contains("/namespaces/" + namespace + "/")) {
          continue;
        }
        if (e.code() == 409) {
          conflicts++;
        }
        if (List.of("create", "update", "patch").contains(e.verb())
            && e.kind().contains("ecrrepositories")) {
          writes.merge(e.kind() + " " + e.code(), 1, Integer::sum);
        }
      }
      double bytes = 0;
      double entries = 0;
      List<EcrRepository> stored =
          admin.resources(EcrRepository.class).inNamespace(namespace).list().getItems();
      for (EcrRepository r : stored) {
        bytes += JSON.writeValueAsBytes(r.getMetadata().getManagedFields()).length;
        entries += r.getMetadata().getManagedFields().size();
      }
      return new Figures(
          mode,
          Duration.between(started, converged).toMillis() / 1000.0,
          Duration.between(changed, settled).toMillis() / 1000.0,
          writes,
          conflicts,
          bytes / stored.size(),
          entries / stored.size());
    } finally {
      operator.stop();
    }
  }

  private static void awaitAllReady(KubernetesClient admin, String namespace) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> admin.resources(EcrRepository.class).inNamespace(namespace).list().getItems(),
            items ->
                items.size() == N
                    && items.stream().allMatch(r -> KubeFixtures.has(r, Conditions.READY, "True")));
  }
}
