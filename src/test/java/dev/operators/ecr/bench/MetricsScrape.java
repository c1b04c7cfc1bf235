package dev.operators.ecr.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** The operator's {@code /metrics}, read as Prometheus scrapes it. */
final class MetricsScrape {
  private final URI metrics;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param port the operator's {@code --http-port}
   */
  MetricsScrape(int port) {
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** The value of an unlabelled sample, e.g. a gauge; empty when the scrape holds none. */
  OptionalDouble gauge(String name) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return sample(response.body(), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The value of the sample {@code name} without labels in a scrape in the Prometheus text format;
   * empty when there is none. Comments ({@code # HELP}, {@code # TYPE}) and other metrics whose
   * names begin with {@code name} are skipped.
   */
  static OptionalDouble sample(String scrape, String name) {
    for (String line : scrape.lines().toList()) {
      if (line.startsWith(name) && line.length() > name.length()) {
        String rest = line.substring(name.length());
        if (rest.startsWith(" ")) {
          String[] fields = rest.trim().split("\\s+");
          try {
            return OptionalDouble.of(Double.parseDouble(fields[0]));
          } catch (NumberFormatException e) {
            return OptionalDouble.empty();
          }
        }
      }
    }
    return OptionalDouble.empty();
  }
}
