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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
 * STS's Query protocol on the same port (told apart by the service the request is signed for), plus
 * the emulator's own side door outside ECR's namespace.
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

  static final String STS_CONTENT_TYPE = "text/xml";
  static final String SECURITY_TOKEN = "X-Amz-Security-Token";
  static final String STS_SERVICE = "sts";

  /**
   * The SigV4 credential scope: {@code Credential=<key id>/<date>/<region>/<service>/aws4_request}.
   */
  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([a-z0-9-]+)/([^/,\\s]+)/aws4_request");

  /** What the SigV4 header tells: the access key, the region and the service signed for. */
  private record Scope(String accessKeyId, String region, String service) {}

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
    server.createContext("/", this::serveRoot);
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

  // ECR and STS share the root path: the service the request is signed for tells them apart.
  private void serveRoot(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher scope = authorization == null ? null : CREDENTIAL_SCOPE.matcher(authorization);
    if (scope != null && scope.find() && scope.group(3).equals(STS_SERVICE)) {
      serveSts(exchange);
    } else {
      serveEcr(exchange);
    }
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
          Scope scope = scopeOf(exchange);
          return router.route(
              target.substring(TARGET_PREFIX.length()),
              ecrCaller(exchange, scope),
              scope.region(),
              RequestBody.of(body));
        });
  }

  /**
   * The account of the request's key; the signature itself is not checked. An unknown or expired
   * temporary key is refused as ECR refuses it (HTTP 400 {@code UnrecognizedClientException} "The
   * security token included in the request is invalid.", as public bug reports quote ECR's answer;
   * {@code ExpiredTokenException} "The security token included in the request is expired", whose
   * HTTP status here, 400 as for ECR's other client errors, is the emulator's choice).
   */
  private Caller ecrCaller(HttpExchange exchange, Scope scope) {
    try {
      return router.caller(
          scope.accessKeyId(), exchange.getRequestHeaders().getFirst(SECURITY_TOKEN));
    } catch (Accounts.RefusedCredentials e) {
      throw e.refusal() == Accounts.Refusal.EXPIRED
          ? EcrError.clientError(
              "ExpiredTokenException", "The security token included in the request is expired")
          : EcrError.clientError(
              "UnrecognizedClientException",
              "The security token included in the request is invalid.");
    }
  }

  /**
   * STS's Query protocol: a form-encoded POST in, XML out. An unknown temporary key answers HTTP
   * 403 {@code InvalidClientTokenId} "The security token included in the request is invalid" (the
   * XML body that public bug reports quote from GetCallerIdentity); an expired one {@code
   * ExpiredToken} "The security token included in the request is expired", HTTP 403 (as AWS's
   * knowledge center quotes it for another Query-protocol service).
   */
  private void serveSts(HttpExchange exchange) {
    try (exchange) {
      String requestId = UUID.randomUUID().toString();
      int status = 200;
      String response;
      try {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
          throw new EcrError("InvalidAction", METHOD_NOT_ALLOWED, "Use POST");
        }
        Map<String, String> form = form(new String(bytes, StandardCharsets.UTF_8));
        String action = form.get("Action");
        if (action == null) {
          throw EcrError.clientError(
              "MissingAction", "The request is missing an action or a required parameter.");
        }
        response = router.routeSts(action, stsCaller(exchange), form);
      } catch (EcrError e) {
        status = e.httpStatus();
        response = StsOperations.error(e, requestId);
      } catch (RuntimeException e) {
        LOG.error("Emulated STS request {} failed", requestId, e);
        status = EcrError.SERVER_ERROR;
        response =
            StsOperations.error(
                new EcrError("InternalFailure", status, "The emulator failed: " + e), requestId);
      }
      byte[] out = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", STS_CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, out.length);
      exchange.getResponseBody().write(out);
    } catch (IOException e) {
      LOG.debug("Emulated STS client went away", e);
    }
  }

  private Caller stsCaller(HttpExchange exchange) {
    try {
      return router.caller(
          scopeOf(exchange).accessKeyId(), exchange.getRequestHeaders().getFirst(SECURITY_TOKEN));
    } catch (Accounts.RefusedCredentials e) {
      throw e.refusal() == Accounts.Refusal.EXPIRED
          ? new EcrError(
              "ExpiredToken",
              StsOperations.FORBIDDEN,
              "The security token included in the request is expired")
          : new EcrError(
              "InvalidClientTokenId",
              StsOperations.FORBIDDEN,
              "The security token included in the request is invalid");
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  private void serveLifecycleRun(HttpExchange exchange) {
    serve(exchange, body -> router.runLifecycle(RequestBody.of(body)));
  }

  /** The key, region and service the client signed for; the signature itself is not checked. */
  private static Scope scopeOf(HttpExchange exchange) {
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
    return new Scope(scope.group(1), scope.group(2), scope.group(3));
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
