package dev.operators.ecr.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Kubernetes API on loopback for the sandbox and the tests: fabric8's mock server in CRUD mode,
 * with this project's CRDs registered so that {@code /status} behaves as a subresource, a status
 * write based on an outdated resourceVersion refused with 409 Conflict, as a real API server
 * refuses it, and what kubectl needs besides ({@link KubectlAnswers}).
 *
 * <p>The HTTP server is this class's, answering through the mock's request handler: the mock's own
 * server answers each request at once and whole, so it cannot stream a watch over plain HTTP, the
 * only kind kubectl makes.
 */
public final class LocalKubernetesApi implements AutoCloseable {

  /** The CRDs the build generates, as classpath resources. */
  public static final List<String> CRD_RESOURCES =
      List.of(
          "META-INF/fabric8/ecrrepositories.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecrlifecyclepolicies.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecrpullthroughcacherules.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecrrepositorycreationtemplates.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecrregistries.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecraccesses.ecr.operators.dev-v1.yml");

  private static final int CLIENT_TIMEOUT_MS = 10_000;

  private final Store store = new Store();
  private final Vertx vertx = Vertx.vertx();
  private final AtomicLong statusWrites = new AtomicLong();
  private final int port;
  private HttpServer server;

  private LocalKubernetesApi(int port) {
    this.server = serve(port);
    this.port = server.actualPort();
  }

  /** Starts on 127.0.0.1 at {@code port} (0 = any free port) and registers the CRDs. */
  public static LocalKubernetesApi start(int port) {
    var api = new LocalKubernetesApi(port);
    try (KubernetesClient client = api.newClient()) {
      for (String resource : CRD_RESOURCES) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd(resource)).create();
      }
    }
    return api;
  }

  private HttpServer serve(int port) {
    var options =
        new HttpServerOptions()
            .setHost(InetAddress.getLoopbackAddress().getHostAddress())
            .setPort(port)
            .setHandle100ContinueAutomatically(true);
    var mock =
        new HttpServerRequestHandler(vertx) {
          @Override
          protected MockResponse onHttpRequest(RecordedRequest request) {
            if (isStatusWrite(request)) {
              statusWrites.incrementAndGet();
            }
            try {
              return store.dispatch(request);
            } catch (RuntimeException e) {
              // The store throws on input it cannot read; the client gets an answer, not a hang.
              return KubectlAnswers.status(500, "InternalError", String.valueOf(e));
            }
          }
        };
    HttpServer http =
        vertx
            .createHttpServer(options)
            .requestHandler(
                request -> {
                  if (KubectlAnswers.isHttpWatch(request)) {
                    store.kubectl.watch(request);
                  } else {
                    mock.handle(request);
                  }
                });
    return await(http.listen(), "could not listen on 127.0.0.1:" + port);
  }

  /** Stops answering, as an API server that went away; what it stores is kept. */
  public synchronized void stop() {
    await(server.close(), "could not stop");
  }

  /** Answers again on the same port with the same objects, as an API server that came back. */
  public synchronized void restart() {
    stop();
    server = serve(port);
  }

  /** PUT or PATCH requests on a {@code /status} subresource received so far. */
  public long statusWrites() {
    return statusWrites.get();
  }

  /** Status writes answered 409 Conflict so far: each was based on an outdated resourceVersion. */
  public long statusConflicts() {
    return store.conflicts.get();
  }

  private static boolean isStatusWrite(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getPath();
    return ("PUT".equals(method) || "PATCH".equals(method)) && isStatusPath(path);
  }

  private static boolean isStatusPath(String path) {
    return path != null && path.split("\\?")[0].endsWith("/status");
  }

  /** {@code http://127.0.0.1:PORT} */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** A client for this server only: no kubeconfig or environment setting is read. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig(url())).build();
  }

  /**
   * The client settings for a Kubernetes API on loopback over plain HTTP, this one or another mock:
   * no kubeconfig or environment setting is read. HTTP/1.1, as the operator speaks to such a server
   * (OperatorProcess): over plain HTTP, the JDK client's HTTP/2 against fabric8's mock server now
   * and then never completes a call, and neither timeout ends the wait. The timeouts are fabric8's
   * defaults, named so that no client built here goes without them.
   */
  public static Config clientConfig(String url) {
    Config config = Config.empty();
    config.setMasterUrl(url);
    config.setNamespace("default");
    config.setOauthToken("sandbox");
    config.setTrustCerts(true);
    config.setHttp2Disable(true);
    config.setConnectionTimeout(CLIENT_TIMEOUT_MS);
    config.setRequestTimeout(CLIENT_TIMEOUT_MS);
    return config;
  }

  /** Writes a kubeconfig pointing at this server, atomically: a reader never sees half a file. */
  public Path writeKubeconfig(Path file) {
    String kubeconfig =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: sandbox",
            "  cluster:",
            "    server: " + url(),
            "users:",
            "- name: sandbox",
            "  user:",
            "    token: sandbox",
            "contexts:",
            "- name: sandbox",
            "  context:",
            "    cluster: sandbox",
            "    user: sandbox",
            "    namespace: default",
            "current-context: sandbox",
            "");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp");
      Files.writeString(tmp, kubeconfig, StandardCharsets.UTF_8);
      return Files.move(
          tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write kubeconfig " + file, e);
    }
  }

  @Override
  public void close() {
    await(vertx.close(), "could not stop");
  }

  private static <T> T await(Future<T> future, String failure) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(failure, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(failure, e);
    }
  }

  private static CustomResourceDefinition crd(String resource) {
    try (InputStream in = LocalKubernetesApi.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + resource + " is not on the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * fabric8's CRUD store, except that a PUT on {@code /status} naming a resourceVersion other than
   * the stored one is answered 409 Conflict. The mock itself checks the resourceVersion of a PUT on
   * the resource and of a PATCH, but applies a stale PUT on {@code /status} regardless, which would
   * hide a lost update that a real API server refuses. Writes run one at a time, so that the check
   * and the write see the same stored object.
   */
  private static final class Store extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Writes kept for watches over plain HTTP; one from an older resourceVersion is told to list
    // again (410 Gone), as an API server tells it.
    private static final int CHANGES_KEPT = 1_000;
    private final AtomicLong conflicts = new AtomicLong();
    private final ChangeLog changes = new ChangeLog(CHANGES_KEPT);
    final KubectlAnswers kubectl = new KubectlAnswers(this, changes);

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse answer = kubectl.answer(request);
      MockResponse response = answer != null ? answer : super.dispatch(request);
      // The store names no content type, and a client then assumes its own (kubectl: protobuf).
      if (response != null
          && response.getBody() != null
          && response.getHeaders().get("Content-Type") == null) {
        response.setHeader("Content-Type", "application/json");
      }
      return response;
    }

    // Called for every write, with the store's write lock held.
    @Override
    public void processEvent(
        String path,
        AttributeSet pathAttributes,
        AttributeSet oldAttributes,
        GenericKubernetesResource resource,
        String newState) {
      String existing = oldAttributes == null ? null : getMap().get(oldAttributes);
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (Objects.equals(existing, newState)) {
        return;
      }
      if (newState == null) {
        // The store gives a deletion no resourceVersion of its own; a watch needs one.
        long version = requestResourceVersion();
        changes.add(
            new ChangeLog.Change(
                version, oldAttributes, withResourceVersion(existing, version), null, null));
        return;
      }
      GenericKubernetesResource stored =
          resource != null
              ? resource
              : Serialization.unmarshal(newState, GenericKubernetesResource.class);
      // The key the store filed it under, found as the store finds it.
      AttributeSet newKey =
          ((KubernetesAttributesExtractor) getAttributeExtractor()).extract(stored);
      if (!newKey.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newKey = AttributeSet.merge(pathAttributes, newKey);
      }
      changes.add(
          new ChangeLog.Change(
              Long.parseLong(stored.getMetadata().getResourceVersion()),
              oldAttributes,
              existing,
              newKey,
              newState));
    }

    private static String withResourceVersion(String object, long version) {
      JsonNode node = parse(object.getBytes(UTF_8));
      if (node == null || !(node.path("metadata") instanceof ObjectNode metadata)) {
        return object;
      }
      metadata.put("resourceVersion", String.valueOf(version));
      return node.toString();
    }

    @Override
    public synchronized MockResponse handleUpdate(RecordedRequest request) {
      if (isStatusPath(request.getPath())) {
        Map.Entry<AttributeSet, String> stored = findResource(getKey(request.getPath()));
        JsonNode current = stored == null ? null : parse(stored.getValue().getBytes(UTF_8));
        String basedOn = resourceVersion(parse(request.getBody().getBytes()));
        if (current != null && !basedOn.isEmpty() && !basedOn.equals(resourceVersion(current))) {
          conflicts.incrementAndGet();
          return conflict(current);
        }
      }
      return super.handleUpdate(request);
    }

    @Override
    public synchronized MockResponse handleCreate(RecordedRequest request) {
      return super.handleCreate(request);
    }

    @Override
    public synchronized MockResponse handlePatch(RecordedRequest request) {
      return super.handlePatch(request);
    }

    @Override
    public synchronized MockResponse handleDelete(String path) {
      return super.handleDelete(path);
    }

    // Null when it is not JSON: the store itself then answers as it answers bad input.
    private static JsonNode parse(byte[] json) {
      try {
        return JSON.readTree(json);
      } catch (IOException e) {
        return null;
      }
    }

    private static String resourceVersion(JsonNode resource) {
      return resource == null ? "" : resource.path("metadata").path("resourceVersion").asText();
    }

    // The answer a real API server gives, so that clients see what they would see in a cluster.
    private static MockResponse conflict(JsonNode current) {
      String kind = current.path("kind").asText();
      String name = current.path("metadata").path("name").asText();
      Status status =
          new StatusBuilder()
              .withStatus("Failure")
              .withReason("Conflict")
              .withMessage(
                  "Operation cannot be fulfilled on "
                      + kind
                      + " \""
                      + name
                      + "\": the object has been modified; please apply your changes to the latest"
                      + " version and try again")
              .withNewDetails()
              .withKind(kind)
              .withName(name)
              .endDetails()
              .withCode(HttpURLConnection.HTTP_CONFLICT)
              .build();
      return new MockResponse()
          .setResponseCode(HttpURLConnection.HTTP_CONFLICT)
          .setBody(Serialization.asJson(status));
    }
  }
}
