package dev.operators.ecr.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * An HTTP proxy in front of an ECR endpoint that records the operation of every request it passes
 * on (the {@code X-Amz-Target} header of AWS JSON 1.1), whether or not the endpoint serves that
 * operation.
 */
final class RecordingEcrProxy implements AutoCloseable {
  private static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  // The JDK client sets these itself and refuses to be given them.
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI target;
  private final Set<String> operations = new ConcurrentSkipListSet<>();

  RecordingEcrProxy(URI target) {
    this.target = target;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::forward);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Operations requested so far, by their ECR names (the IAM action without {@code ecr:}). */
  Set<String> operations() {
    return new TreeSet<>(operations);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (operation != null) {
        operations.add(
            operation.startsWith(TARGET_PREFIX)
                ? operation.substring(TARGET_PREFIX.length())
                : operation);
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      var request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
          header.getValue().forEach(v -> request.header(header.getKey(), v));
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
