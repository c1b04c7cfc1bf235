package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.ship.ShardsComponentTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer 5: the shard overlay of docs/install.md applied to a real kube-apiserver as printed ({@code
 * kubectl apply -k my-cluster/ecr-operator/}): the API server validates and stores every object
 * (the three Deployments, each with its selector and Lease, and the shards' RBAC). No pod runs here
 * (there is no kubelet or controller manager), so the rollout and the Leases the running instances
 * create are not seen.
 */
class ShardsKubeIT {

  @Test
  void theDocumentedShardOverlayIsAcceptedAndStoredAsRendered(@TempDir Path dir) throws Exception {
    Kubectl kubectl = RealKubernetes.shared().kubectl("admin");
    Path overlay = ShardsComponentTest.documentedLayout(dir);

    // kubectl apply -k my-cluster/ecr-operator/
    String applied = kubectl.run("apply", "-k", overlay.toString()).orFail().out();
    System.out.println("kubectl apply -k my-cluster/ecr-operator/:\n" + applied);

    Map<String, String> selectors =
        Map.of(
            "ecr-operator", "!ecr.operators.dev/shard",
            "ecr-operator-shard-a", "ecr.operators.dev/shard=a",
            "ecr-operator-shard-b", "ecr.operators.dev/shard=b");
    Map<String, String> leases =
        Map.of(
            "ecr-operator", "ecr-operator-leader",
            "ecr-operator-shard-a", "ecr-operator-leader-shard-a",
            "ecr-operator-shard-b", "ecr-operator-leader-shard-b");
    for (var deployment : selectors.entrySet()) {
      String env =
          kubectl
              .run(
                  "-n",
                  "ecr-operator",
                  "get",
                  "deployment",
                  deployment.getKey(),
                  "-o",
                  "jsonpath={range .spec.template.spec.containers[0].env[*]}"
                      + "{.name}={.value}{\"\\n\"}{end}")
              .orFail()
              .out();
      assertTrue(
          env.lines()
              .anyMatch(("ECR_OPERATOR_WATCH_LABEL_SELECTOR=" + deployment.getValue())::equals),
          deployment.getKey() + ":\n" + env);
      assertTrue(
          env.lines()
              .anyMatch(
                  ("ECR_OPERATOR_LEADER_ELECTION_LEASE_NAME=" + leases.get(deployment.getKey()))
                      ::equals),
          deployment.getKey() + ":\n" + env);
    }
    // What is stored is what the files say: a second apply changes no Deployment.
    String again = kubectl.run("apply", "-k", overlay.toString()).orFail().out();
    for (String deployment : selectors.keySet()) {
      assertTrue(
          again.contains("deployment.apps/" + deployment + " unchanged"),
          deployment + ":\n" + again);
    }
    assertEquals(
        "yes",
        kubectl.canI(
            "update",
            "leases/ecr-operator-leader-shard-a",
            "-n",
            "ecr-operator",
            "--as",
            "system:serviceaccount:ecr-operator:ecr-operator"));
  }
}
