package dev.operators.ecr.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.operators.ecr.runtime.health.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's monitoring port, on the JDK's own HTTP server: {@code /healthz} (the process answers),
 * {@code /readyz} (see {@link Readiness}) and {@code /metrics} (Prometheus text format). GET and
 * HEAD only; nothing here calls Kubernetes or ECR, so a probe costs no API call.
 */
public final class MonitoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);

  /** Prometheus' text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  private record Response(int status, String type, String body) {}

  private static final Response NOT_FOUND = new Response(404, PLAIN_TEXT, "not found\n");

  // Two threads: a slow scrape never delays a probe.
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService executor;

  private MonitoringServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens on {@code address} (port 0: any free port) until closed.
   *
   * @param readiness asked at each {@code /readyz}
   * @param metrics asked at each {@code /metrics}
   */
  public static MonitoringServer start(
      InetSocketAddress address, Supplier<Readiness> readiness, Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "monitoring-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, () -> NOT_FOUND));
    server.createContext(
        "/healthz", exchange -> answer(exchange, () -> new Response(200, PLAIN_TEXT, "ok\n")));
    server.createContext(
        "/readyz",
        exchange ->
            answer(
                exchange,
                () -> {
                  Readiness r = readiness.get();
                  return new Response(r.ready() ? 200 : 503, PLAIN_TEXT, r.report());
                }));
    server.createContext(
        "/metrics",
        exchange -> answer(exchange, () -> new Response(200, PROMETHEUS_TEXT, metrics.get())));
    server.start();
    LOG.info(
        "serving /healthz, /readyz and /metrics on {}:{}",
        server.getAddress().getHostString(),
        server.getAddress().getPort());
    return new MonitoringServer(server, executor);
  }

  private static void answer(HttpExchange exchange, Supplier<Response> endpoint)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, new Response(405, PLAIN_TEXT, "method not allowed\n"), false);
        return;
      }
      // A path under a context ("/healthz/x") is not that endpoint.
      String context = exchange.getHttpContext().getPath();
      if (!context.equals("/") && !exchange.getRequestURI().getPath().equals(context)) {
        send(exchange, NOT_FOUND, head);
        return;
      }
      Response response;
      try {
        response = endpoint.get();
      } catch (RuntimeException e) {
        LOG.warn("could not answer {}: {}", exchange.getRequestURI().getPath(), e.toString());
        response = new Response(500, PLAIN_TEXT, "internal error\n");
      }
      send(exchange, response, head);
    }
  }

  private static void send(HttpExchange exchange, Response response, boolean head)
      throws IOException {
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.type());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Where the server listens, its port resolved. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
