package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ECR's AWS JSON 1.1 protocol over HTTP on the loopback interface (docs/ecr-semantics.md §3.1),
 * plus the emulator's own side door outside ECR's namespace.
 */
final class EcrHttpEndpoint implements AutoCloseable {
  static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  static final String LIFECYCLE_RUN_PATH = "/_emulator/lifecycle/run";
  static final String STATE_PATH = "/_emulator/state";
  static final String CALLS_PATH = "/_emulator/calls";
  static final String FAULTS_PATH = "/_emulator/faults";
  static final String IMAGES_PATH = "/_emulator/images";
  static final String PUSH_PATH = "/_emulator/push";
  static final String UPSTREAMS_PATH = "/_emulator/upstreams";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final Logger LOG = LoggerFactory.getLogger(EcrHttpEndpoint.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int METHOD_NOT_ALLOWED = 405;
  private static final int NOT_FOUND = 404;

  /**
   * The SigV4 credential scope: {@code Credential=<key id>/<date>/<region>/<service>/aws4_request}.
   */
  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/[^/,\\s]+/aws4_request");

  private final HttpServer server;
  private final ExecutorService executor;
  private final OperationRouter router;

  EcrHttpEndpoint(OperationRouter router, int port) {
    this.router = router;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "ecr-emulator-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serveEcr);
    server.createContext(LIFECYCLE_RUN_PATH, this::serveLifecycleRun);
    server.createContext(STATE_PATH, e -> serve(e, body -> router.state(RequestBody.of(body))));
    server.createContext(CALLS_PATH, e -> serve(e, body -> router.calls(RequestBody.of(body))));
    server.createContext(FAULTS_PATH, e -> serve(e, body -> router.faults(RequestBody.of(body))));
    server.createContext(IMAGES_PATH, e -> serve(e, body -> router.images(RequestBody.of(body))));
    server.createContext(PUSH_PATH, e -> serve(e, body -> router.push(RequestBody.of(body))));
    server.createContext(
        UPSTREAMS_PATH, e -> serve(e, body -> router.upstreams(RequestBody.of(body))));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serveEcr(HttpExchange exchange) {
    serve(
        exchange,
        body -> {
          if (!exchange.getRequestURI().getPath().equals("/")) {
            throw new EcrError("UnknownOperationException", NOT_FOUND, "ECR is served at /");
          }
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw EcrError.clientError(
                "UnknownOperationException",
                "X-Amz-Target must be " + TARGET_PREFIX + "<Operation>");
          }
          return router.route(
              target.substring(TARGET_PREFIX.length()), regionOf(exchange), RequestBody.of(body));
        });
  }

  private void serveLifecycleRun(HttpExchange exchange) {
    serve(exchange, body -> router.runLifecycle(RequestBody.of(body)));
  }

  /** The region is the one the client signed for; the signature itself is not checked. */
  private static String regionOf(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      throw EcrError.clientError(
          "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher scope = CREDENTIAL_SCOPE.matcher(authorization);
    if (!scope.find()) {
      throw EcrError.clientError(
          "IncompleteSignatureException",
          "Authorization header requires a SigV4 Credential=<key>/<date>/<region>/ecr/aws4_request");
    }
    return scope.group(1);
  }

  private void serve(HttpExchange exchange, Function<JsonNode, JsonNode> handler) {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      int status = 200;
      JsonNode response;
      try {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
          throw new EcrError("UnknownOperationException", METHOD_NOT_ALLOWED, "Use POST");
        }
        response = handler.apply(parse(bytes));
      } catch (DroppedConnection e) {
        // Closing the exchange before sending headers closes the connection without an answer.
        return;
      } catch (EcrError e) {
        status = e.httpStatus();
        response = errorBody(e.code(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Emulated ECR request {} failed", requestId, e);
        status = EcrError.SERVER_ERROR;
        response = errorBody("ServerException", "The emulator failed: " + e);
      }
      byte[] out = MAPPER.writeValueAsBytes(response);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, out.length);
      exchange.getResponseBody().write(out);
    } catch (IOException e) {
      LOG.debug("Emulated ECR client went away", e);
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node instanceof ObjectNode) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw EcrError.serialization("The request body is not a JSON object");
  }

  private static ObjectNode errorBody(String code, String message) {
    return Shapes.object().put("__type", code).put("message", message);
  }
}
