package dev.operators.ecr.runtime;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Resources, ports, waits and HTTP for the runtime tests. */
final class RuntimeFixtures {
  static final String REGION = "eu-west-1";
  static final Duration RESYNC = Duration.ofSeconds(2);
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RuntimeFixtures() {}

  /** A repository named {@code namespace/name} with nothing else declared. */
  static EcrRepository repository(String namespace, String name) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(namespace + "/" + name);
    r.setSpec(spec);
    return r;
  }

  static OperatorSettings.Builder settings() {
    return OperatorSettings.builder().defaultRegion(REGION).resyncPeriod(RESYNC).awsMaxAttempts(1);
  }

  static EcrRepository await(
      KubernetesClient client, String namespace, String name, Predicate<EcrRepository> until) {
    EcrRepository[] seen = new EcrRepository[1];
    Awaitility.await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              seen[0] =
                  client.resources(EcrRepository.class).inNamespace(namespace).withName(name).get();
              return seen[0] != null && until.test(seen[0]);
            });
    return seen[0];
  }

  static EcrRepository awaitReady(KubernetesClient client, String namespace, String name) {
    return await(client, namespace, name, RuntimeFixtures::ready);
  }

  /** Ready=True at the resource's current generation. */
  static boolean ready(EcrRepository r) {
    return condition(r, Conditions.READY, "True");
  }

  static boolean condition(EcrRepository r, String type, String status) {
    if (r.getStatus() == null
        || !r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration())) {
      return false;
    }
    Condition c = Conditions.find(r.getStatus().getConditions(), type);
    return c != null && status.equals(c.getStatus());
  }

  record Answer(int status, String contentType, String body) {}

  static Answer get(InetSocketAddress address, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
