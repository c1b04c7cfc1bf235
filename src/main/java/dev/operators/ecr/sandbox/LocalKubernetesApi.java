package dev.operators.ecr.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API on loopback for the sandbox and the tests: fabric8's mock server in CRUD mode,
 * with this project's CRDs registered so that {@code /status} behaves as a subresource, and a
 * status write based on an outdated resourceVersion refused with 409 Conflict, as a real API server
 * refuses it.
 */
public final class LocalKubernetesApi implements AutoCloseable {

  /** The CRDs the build generates, as classpath resources. */
  public static final List<String> CRD_RESOURCES =
      List.of(
          "META-INF/fabric8/ecrrepositories.ecr.operators.dev-v1.yml",
          "META-INF/fabric8/ecrlifecyclepolicies.ecr.operators.dev-v1.yml");

  // Held so the level set here is not lost when the logger is garbage collected.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private final Store store;
  private final int port;
  private volatile KubernetesMockServer server;
  private final Thread drain;
  private final AtomicLong statusWrites = new AtomicLong();
  private final AtomicLong drained = new AtomicLong();
  private volatile long drainedBeforeServer;
  private volatile boolean closed;

  private LocalKubernetesApi(KubernetesMockServer server, Store store) {
    this.server = server;
    this.store = store;
    this.port = server.getPort();
    // The mock server keeps every request for takeRequest(); drop them so memory stays flat,
    // counting the status writes on the way.
    this.drain =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  RecordedRequest request = this.server.takeRequest(1, TimeUnit.SECONDS);
                  if (request != null) {
                    if (isStatusWrite(request)) {
                      statusWrites.incrementAndGet();
                    }
                    drained.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "mock-api-request-drain");
    drain.setDaemon(true);
    drain.start();
  }

  /** Starts on 127.0.0.1 at {@code port} (0 = any free port) and registers the CRDs. */
  public static LocalKubernetesApi start(int port) {
    MOCK_LOG.setLevel(Level.WARNING);
    var store = new Store();
    var api = new LocalKubernetesApi(serve(store, port), store);
    try (KubernetesClient client = api.newClient()) {
      for (String resource : CRD_RESOURCES) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd(resource)).create();
      }
    }
    return api;
  }

  private static KubernetesMockServer serve(Store store, int port) {
    var server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return server;
  }

  /** Stops answering, as an API server that went away; what it stores is kept. */
  public synchronized void stop() {
    server.destroy();
  }

  /** Answers again on the same port with the same objects, as an API server that came back. */
  public synchronized void restart() {
    server.destroy();
    drainedBeforeServer = drained.get();
    server = serve(store, port);
  }

  /**
   * PUT or PATCH requests on a {@code /status} subresource received so far (once the requests
   * already received are counted, within a few seconds).
   */
  public long statusWrites() {
    long received = drainedBeforeServer + server.getRequestCount();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (drained.get() < received && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
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
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A client for this server only: no kubeconfig or environment setting is read. */
  public KubernetesClient newClient() {
    Config config = Config.empty();
    config.setMasterUrl(url());
    config.setNamespace("default");
    config.setOauthToken("sandbox");
    config.setTrustCerts(true);
    // Plain HTTP: HTTP/1.1, as the operator uses it (OperatorProcess).
    config.setHttp2Disable(true);
    return new KubernetesClientBuilder().withConfig(config).build();
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
    closed = true;
    drain.interrupt();
    server.destroy();
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
    private final AtomicLong conflicts = new AtomicLong();

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
