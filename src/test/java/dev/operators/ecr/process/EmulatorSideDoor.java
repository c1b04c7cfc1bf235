package dev.operators.ecr.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ECR emulator's own control API over HTTP: its state, call counts and fault plan, neither
 * counted as ECR calls nor faulted.
 */
public final class EmulatorSideDoor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  EmulatorSideDoor(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Every repository of the region (repositoryName, tags, lifecyclePolicyText...) and creations.
   */
  public JsonNode state(String region) {
    return post("/_emulator/state", JSON.createObjectNode().put("region", region));
  }

  /**
   * Calls by operation, the distinct repositories each operation named, write calls, and planned
   * faults injected by kind.
   */
  public Calls calls(boolean reset) {
    JsonNode answer = post("/_emulator/calls", JSON.createObjectNode().put("reset", reset));
    return new Calls(
        counts(answer.get("calls")),
        counts(answer.get("repositories")),
        answer.get("writes").asLong(),
        counts(answer.get("faults")));
  }

  /** An image to seed: its repository, digest ({@code sha256:...}) and tags. */
  public record Seed(String repository, String digest, List<String> tags) {}

  /**
   * Seeds images into repositories that exist, as a {@code docker push} would (tags move), without
   * an ECR call: neither counted nor delayed.
   */
  public void push(String region, List<Seed> images) {
    ObjectNode body = JSON.createObjectNode().put("region", region);
    ArrayNode list = body.putArray("images");
    for (Seed seed : images) {
      ObjectNode image = list.addObject();
      image.put("repositoryName", seed.repository());
      image.put("imageDigest", seed.digest());
      seed.tags().forEach(image.putArray("imageTags")::add);
    }
    post("/_emulator/push", body);
  }

  /** A repository's images: each digest with its tags, ordered by digest; not an ECR call. */
  public Map<String, List<String>> images(String region, String repository) {
    JsonNode answer =
        post(
            "/_emulator/images",
            JSON.createObjectNode().put("region", region).put("repositoryName", repository));
    Map<String, List<String>> images = new TreeMap<>();
    for (JsonNode image : answer.path("images")) {
      List<String> tags = new ArrayList<>();
      image.path("imageTags").forEach(t -> tags.add(t.asText()));
      images.put(image.path("imageDigest").asText(), List.copyOf(tags));
    }
    return images;
  }

  /** Replaces the fault plan ({@code --ecr-faults} form); empty: none. */
  public void faults(String plan) {
    post("/_emulator/faults", JSON.createObjectNode().put("plan", plan == null ? "" : plan));
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new TreeMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    }
    return counts;
  }

  private JsonNode post(String path, JsonNode body) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint.resolve(path))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * @param byOperation ECR calls received per operation
   * @param repositories distinct repositories the calls of each operation named (by name, names or
   *     ARN); operations that named none are absent
   * @param writes calls of operations that change ECR (StartLifecyclePolicyPreview among them)
   * @param faults planned faults injected per kind
   */
  public record Calls(
      Map<String, Long> byOperation,
      Map<String, Long> repositories,
      long writes,
      Map<String, Long> faults) {
    public long total() {
      return byOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    public long calls(String operation) {
      return byOperation.getOrDefault(operation, 0L);
    }

    /** Distinct repositories that calls of {@code operation} named. */
    public long repositories(String operation) {
      return repositories.getOrDefault(operation, 0L);
    }
  }
}
