package dev.operators.ecr.process;

import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.kube.RealKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * The Kubernetes API the benchmark and the chaos suite run against: the sandbox's stand-in (the
 * fabric8 mock, in the same process as the ECR emulator) or a real kube-apiserver with etcd, where
 * the operator runs as its ServiceAccount under k8s/rbac.yaml.
 */
public interface ApiServer extends AutoCloseable {

  /** {@code mock} or {@code real}. */
  static ApiServer of(String kind, SandboxServers servers, Path workDir)
      throws java.io.IOException, InterruptedException {
    return switch (kind) {
      case "mock" -> new Mock(servers);
      case "real" -> new Real(RealKubernetes.start(workDir.resolve("kube")), servers);
      default -> throw new IllegalArgumentException("the API server is mock or real: " + kind);
    };
  }

  String description();

  /** The CRDs, the operator's RBAC and the namespaces, as a platform team would install them. */
  void prepare(Collection<String> namespaces);

  /** A client for the benchmark's own reads and writes; the caller closes it. */
  KubernetesClient newClient();

  /** The kubeconfig the operator runs with. */
  Path operatorKubeconfig();

  /** CPU the API server's processes and the ECR emulator's have used so far. */
  Duration cpu();

  @Override
  void close();

  /** The stand-in: nothing to install (it holds the CRDs), no RBAC. */
  record Mock(SandboxServers servers) implements ApiServer {
    @Override
    public String description() {
      return "the sandbox's stand-in (fabric8 mock server), sharing a process with the ECR emulator";
    }

    @Override
    public void prepare(Collection<String> namespaces) {}

    @Override
    public KubernetesClient newClient() {
      return servers.newClient();
    }

    @Override
    public Path operatorKubeconfig() {
      return servers.kubeconfig();
    }

    @Override
    public Duration cpu() {
      return servers.cpu();
    }

    @Override
    public void close() {}
  }

  /** kube-apiserver and etcd (src/test/go/kube); the operator authenticates as itself. */
  record Real(RealKubernetes kube, SandboxServers servers) implements ApiServer {
    @Override
    public String description() {
      return "kube-apiserver " + kube.version() + " with an embedded etcd, RBAC on";
    }

    @Override
    public void prepare(Collection<String> namespaces) {
      KubeFixtures.installOperatorPrerequisites(kube.kubectl("admin"));
      namespaces.forEach(n -> KubeFixtures.namespace(kube.kubectl("admin"), n));
    }

    @Override
    public KubernetesClient newClient() {
      return kube.client("admin");
    }

    @Override
    public Path operatorKubeconfig() {
      return kube.kubeconfig("operator");
    }

    @Override
    public Duration cpu() {
      // The sandbox's process holds the emulator (and an idle stand-in API server).
      return kube.cpu().plus(servers.cpu());
    }

    @Override
    public void close() {
      kube.close();
    }
  }
}
