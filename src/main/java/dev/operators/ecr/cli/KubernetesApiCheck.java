package dev.operators.ecr.cli;

import dev.operators.ecr.runtime.OperatorProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Whether a Kubernetes API answers at all, asked once ({@code GET /version}) without the client's
 * retries, so that {@code run} can say at once that it is unreachable instead of letting the
 * informers retry and then fail with a stack trace. Any HTTP answer counts, a refusal too: only a
 * server that cannot be reached is reported here.
 */
final class KubernetesApiCheck {
  private KubernetesApiCheck() {}

  /** Empty when the API server answered; else why it could not be reached. */
  static Optional<String> unreachable(Config config) {
    Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
    OperatorProcess.plainHttpOneOne(once);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(once).build()) {
      client.getKubernetesVersion();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return e.getCode() > 0 ? Optional.empty() : Optional.of(reason(e, once));
    }
  }

  /**
   * What a refusal by the API server that made the operator's start fail means and how to fix it,
   * if {@code e} is one (401, 403 or 404); empty for any other failure.
   */
  static Optional<String> refusal(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException refused) {
        switch (refused.getCode()) {
          case 401:
            return Optional.of(
                "it did not accept the operator's credentials (401 Unauthorized): check the"
                    + " kubeconfig's user, or the pod's service account token");
          case 403:
            return Optional.of(
                "it forbade a request (403 Forbidden: "
                    + statusMessage(refused)
                    + "): bind the operator's identity with k8s/rbac.yaml");
          case 404:
            return Optional.of(
                "it does not serve one of the operator's resources (404 Not Found): install or"
                    + " update the CRDs first, kubectl apply -f crds/");
          default:
            break;
        }
      }
    }
    return Optional.empty();
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : "no reason given";
  }

  /** The API server's address without any user information it may carry. */
  static String shown(String url) {
    try {
      URI uri = new URI(url);
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (URISyntaxException | RuntimeException e) {
      return "(an address that is not a URL)";
    }
  }

  private static String reason(Throwable e, Config config) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException) {
        return "unknown host " + URI.create(config.getMasterUrl()).getHost();
      }
      if (cause instanceof HttpTimeoutException) {
        return "no connection within " + config.getConnectionTimeout() + " ms";
      }
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof SSLException tls) {
        return "TLS failed: " + tls.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
