package dev.operators.ecr.runtime;

import dev.operators.ecr.sandbox.LocalKubernetesApi;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock API server in CRUD mode, as {@link LocalKubernetesApi} runs it, that also
 * answers the one request leader election needs and CRUD mode cannot: JOSDK checks its Lease
 * permissions with a SelfSubjectRulesReview before it starts electing, which a real API server
 * computes and the CRUD mock refuses (422, "metadata is required"). Here the review grants what the
 * operator's Role grants on leases. Leases themselves are plain CRUD with optimistic locking, which
 * the mock implements.
 */
final class LeaseApiServer implements AutoCloseable {
  static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  // Held so the level set here is not lost when the logger is garbage collected.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private final KubernetesMockServer server;

  private LeaseApiServer(KubernetesMockServer server) {
    this.server = server;
  }

  static LeaseApiServer start() {
    MOCK_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    server.expect().post().withPath(RULES_REVIEWS).andReturn(201, leaseRules()).always();
    var api = new LeaseApiServer(server);
    try (KubernetesClient client = api.newClient()) {
      for (String resource : LocalKubernetesApi.CRD_RESOURCES) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd(resource)).create();
      }
    }
    return api;
  }

  private static SelfSubjectRulesReview leaseRules() {
    return new SelfSubjectRulesReviewBuilder()
        .withNewStatus()
        .withIncomplete(false)
        .addNewResourceRule()
        .withApiGroups("coordination.k8s.io")
        .withResources("leases")
        .withVerbs("get", "create", "update", "patch")
        .endResourceRule()
        .endStatus()
        .build();
  }

  /**
   * A client for this server only, set as the sandbox's are ({@link
   * LocalKubernetesApi#clientConfig}): HTTP/1.1, as the operator speaks over plain HTTP.
   */
  KubernetesClient newClient() {
    Config config = LocalKubernetesApi.clientConfig("http://127.0.0.1:" + server.getPort());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    server.destroy();
  }

  private static CustomResourceDefinition crd(String resource) {
    try (InputStream in = LeaseApiServer.class.getClassLoader().getResourceAsStream(resource)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
