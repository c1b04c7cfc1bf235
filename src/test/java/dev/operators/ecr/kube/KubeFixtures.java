package dev.operators.ecr.kube;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.process.OperatorJvm;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Steps that several real-server tests take with kubectl, as a person would. */
public final class KubeFixtures {
  /** The names of the CRDs under crds/, one per file. */
  static final List<String> CRDS = crdNames();

  private KubeFixtures() {}

  private static List<String> crdNames() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("crds"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith("-v1.yml"))
          .map(f -> f.substring(0, f.length() - "-v1.yml".length()))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code kubectl apply -f crds/}, then waits until every CRD is served. */
  public static void installCrds(Kubectl kubectl) {
    kubectl.run("apply", "-f", "crds/").orFail();
    List<String> wait =
        new ArrayList<>(List.of("wait", "--for=condition=Established", "--timeout=60s"));
    CRDS.forEach(crd -> wait.add("crd/" + crd));
    kubectl.run(wait.toArray(String[]::new)).orFail();
  }

  /**
   * What the operator needs before it runs, as a platform team installs it: the CRDs, its
   * namespace, its ServiceAccount and exactly its RBAC from k8s/.
   */
  public static void installOperatorPrerequisites(Kubectl kubectl) {
    installCrds(kubectl);
    kubectl
        .run(
            "apply",
            "-f",
            "k8s/namespace.yaml",
            "-f",
            "k8s/serviceaccount.yaml",
            "-f",
            "k8s/rbac.yaml")
        .orFail();
  }

  /** An EcrRepository named NAMESPACE/NAME in ECR that keeps {@code keep} untagged images. */
  public static EcrRepository repository(
      String namespace, String name, String deletionPolicy, int keep) {
    return Serialization.unmarshal(
        yaml(
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRepository",
            "metadata: {name: " + name + ", namespace: " + namespace + "}",
            "spec:",
            "  repositoryName: " + namespace + "/" + name,
            "  deletionPolicy: " + deletionPolicy,
            "  lifecyclePolicy:",
            "    rules:",
            "      - selection: {tagStatus: untagged, countType: imageCountMoreThan, countNumber: "
                + keep
                + "}",
            "        action: {type: expire}"),
        EcrRepository.class);
  }

  /** Whether the resource's status, at its current generation, has the condition at status. */
  public static boolean has(EcrRepository r, String type, String status) {
    if (r.getStatus() == null
        || !r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), type);
    return c != null && status.equals(c.getStatus());
  }

  /** Creates the namespace unless it exists. */
  public static void namespace(Kubectl kubectl, String name) {
    kubectl
        .runWithInput(
            yaml("apiVersion: v1", "kind: Namespace", "metadata: {name: " + name + "}"),
            "apply",
            "-f",
            "-")
        .orFail();
  }

  /**
   * The packaged jar's {@code run} as the operator's ServiceAccount, with leader election on (the
   * Lease in namespace ecr-operator, as k8s/deployment.yaml runs it), against {@code ecr}; its log
   * is target/kube/NAME.log.
   */
  public static OperatorJvm startOperator(
      RealKubernetes kube, URI ecr, String name, Map<String, String> env, List<String> flags) {
    try {
      Path log = Files.createDirectories(Path.of("target", "kube")).resolve(name + ".log");
      List<String> all = new ArrayList<>(flags);
      all.addAll(
          List.of(
              "--leader-election",
              "true",
              "--leader-election-namespace",
              "ecr-operator",
              "--http-port",
              Integer.toString(freePort())));
      return OperatorJvm.start(kube.kubeconfig("operator"), ecr, List.of(), env, all, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Whether the file (a process's log) holds {@code text} yet. */
  public static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  public static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
