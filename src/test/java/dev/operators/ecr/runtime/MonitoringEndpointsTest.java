package dev.operators.ecr.runtime;

import static dev.operators.ecr.runtime.RuntimeFixtures.DEADLINE;
import static dev.operators.ecr.runtime.RuntimeFixtures.REGION;
import static dev.operators.ecr.runtime.RuntimeFixtures.await;
import static dev.operators.ecr.runtime.RuntimeFixtures.awaitReady;
import static dev.operators.ecr.runtime.RuntimeFixtures.get;
import static dev.operators.ecr.runtime.RuntimeFixtures.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.runtime.RuntimeFixtures.Answer;
import dev.operators.ecr.runtime.http.MonitoringServer;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} over HTTP on loopback, served by the
 * operator process as {@code run} starts it, against the mock API server and the ECR emulator.
 */
class MonitoringEndpointsTest {
  private static final String POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final String OTHER_POLICY =
      POLICY.replace("\"countNumber\":1", "\"countNumber\":9");

  /** Every operation the operator's port may call. */
  private static final List<String> OPERATIONS =
      List.of(
          "DescribeRepositories",
          "CreateRepository",
          "DeleteRepository",
          "PutImageTagMutability",
          "PutImageScanningConfiguration",
          "SetRepositoryPolicy",
          "GetRepositoryPolicy",
          "DeleteRepositoryPolicy",
          "TagResource",
          "UntagResource",
          "ListTagsForResource",
          "PutLifecyclePolicy",
          "GetLifecyclePolicy",
          "DeleteLifecyclePolicy",
          "StartLifecyclePolicyPreview",
          "GetLifecyclePolicyPreview",
          "ListImages",
          "DescribeImages");

  private static MonitoredOperator operator;
  private static LocalKubernetesApi api;
  private static EcrEmulator ecr;
  private static KubernetesClient user;
  private static InetSocketAddress http;

  @BeforeAll
  static void start() {
    operator = MonitoredOperator.start();
    api = operator.api();
    ecr = operator.ecr();
    user = operator.user();
    http = operator.http();
  }

  @AfterAll
  static void stop() {
    operator.close();
  }

  @AfterEach
  void clearFaults() {
    ecr.clearFaults();
  }

  /** The value of one sample in a Prometheus text exposition; NaN when absent. */
  static double sample(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void probesAnswerAndMetricsCountReconcilesEcrCallsReadyResourcesAndDrift() {
    Answer health = get(http, "/healthz");
    assertEquals(200, health.status());
    assertEquals("ok\n", health.body());
    Answer ready = get(http, "/readyz");
    assertEquals(200, ready.status(), ready.body());
    assertTrue(ready.body().contains("informers: synced"), ready.body());
    assertTrue(ready.body().contains("ecr: usable"), ready.body());

    EcrRepository resource = repository("metrics", "api");
    resource.getSpec().setLifecyclePolicyText(POLICY);
    user.resource(resource).create();
    awaitReady(user, "metrics", "api");

    Answer scrape = get(http, "/metrics");
    assertEquals(200, scrape.status());
    assertTrue(scrape.contentType().startsWith("text/plain; version=0.0.4"), scrape.contentType());
    String metrics = scrape.body();
    // JOSDK's reconcile metrics, per controller, never per resource.
    assertTrue(metrics.contains("operator_sdk_reconciliations_started_total{"), metrics);
    assertTrue(metrics.contains("operator_sdk_reconciliations_success_total{"), metrics);
    assertTrue(
        metrics.contains(
            "operator_sdk_controllers_execution_reconcile_seconds_count{controller=\"ecrrepository\""),
        metrics);
    assertTrue(!metrics.contains("resource_name=\""), "no per-resource label");
    // The operator's own.
    assertTrue(
        sample(
                metrics,
                "ecr_operator_ecr_calls_total{operation=\"CreateRepository\",outcome=\"ok\"}")
            >= 1,
        metrics);
    assertTrue(
        sample(
                metrics,
                "ecr_operator_ecr_calls_total{operation=\"PutLifecyclePolicy\",outcome=\"ok\"}")
            >= 1,
        metrics);
    assertTrue(sample(metrics, "ecr_operator_resources{ready=\"True\"}") >= 1, metrics);
    // No leader election here: no Lease to name.
    assertEquals(1.0, sample(metrics, "ecr_operator_leader{lease=\"\"}"), metrics);
    // No Pod runs here: the watches report none.
    assertEquals(0.0, sample(metrics, "ecr_operator_images_in_use"), metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes{"), metrics);

    // Someone changes the policy in ECR: the operator restores it and the metric counts it.
    try (SdkEcrPort someone = EmulatorClients.port(ecr)) {
      someone.putLifecyclePolicy(new RepositoryRef(REGION, "metrics/api"), OTHER_POLICY);
    }
    await(
        user,
        "metrics",
        "api",
        r ->
            r.getStatus().getDriftCorrections() != null
                && r.getStatus().getDriftCorrections() == 1);
    String[] last = new String[1];
    try {
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () ->
                  sample(
                          last[0] = get(http, "/metrics").body(),
                          "ecr_operator_drift_corrections_total{field=\"lifecyclePolicy\"}")
                      == 1.0);
    } catch (RuntimeException e) {
      throw new AssertionError(last[0], e);
    }
  }

  @Test
  void eachRepositoryHasItsImagesAndBytesUntilItsResourceIsDeleted() {
    String images = "ecr_operator_repository_images{name=\"api\",namespace=\"gauges\"}";
    String expiringBytes =
        "ecr_operator_repository_expiring_bytes{name=\"api\",namespace=\"gauges\"}";
    EcrRepository resource = repository("gauges", "api");
    resource.getSpec().setLifecyclePolicyText(POLICY);
    user.resource(resource).create();
    awaitReady(user, "gauges", "api");

    String metrics = get(http, "/metrics").body();
    assertEquals(0.0, sample(metrics, images), "a new repository holds no image: " + metrics);
    assertEquals(0.0, sample(metrics, expiringBytes), metrics);

    user.resource(resource).delete();
    Awaitility.await()
        .atMost(DEADLINE)
        .until(() -> Double.isNaN(sample(get(http, "/metrics").body(), images)));
    assertTrue(Double.isNaN(sample(get(http, "/metrics").body(), expiringBytes)));
  }

  @Test
  void readinessSaysEcrIsUnusableWhileEveryCallIsDeniedAndRecovers() {
    OPERATIONS.forEach(op -> ecr.failAlways(op, Fault.accessDenied()));
    user.resource(repository("denied", "api")).create();

    Awaitility.await().atMost(DEADLINE).until(() -> get(http, "/readyz").status() == 503);
    Answer notReady = get(http, "/readyz");
    assertTrue(notReady.body().startsWith("not ready\n"), notReady.body());
    assertTrue(
        notReady
            .body()
            .contains(
                "ecr: ECR unusable; eu-west-1: CreateRepository failed with ACCESS_DENIED"
                    + " (AccessDeniedException)"),
        notReady.body());
    assertTrue(notReady.body().contains("informers: synced"), notReady.body());
    // Liveness does not depend on ECR: the kubelet must not restart the pod for an IAM problem.
    assertEquals(200, get(http, "/healthz").status());
    assertTrue(
        sample(
                get(http, "/metrics").body(),
                "ecr_operator_ecr_calls_total{operation=\"CreateRepository\",outcome=\"access_denied\"}")
            >= 1);

    ecr.clearFaults();
    awaitReady(user, "denied", "api");
    Awaitility.await().atMost(DEADLINE).until(() -> get(http, "/readyz").status() == 200);
  }

  @Test
  void onlyGetAndHeadOnKnownPaths() throws Exception {
    assertEquals(404, get(http, "/").status());
    assertEquals(404, get(http, "/healthz/more").status());
    HttpResponse<String> post =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort() + "/readyz"))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void readinessIsFalseUntilTheOperatorHasStartedAndItsInformersSynced() {
    try (KubernetesClient client = api.newClient();
        SdkEcrPort port = EmulatorClients.port(ecr);
        EcrOperator operator =
            EcrOperator.create(
                client,
                port,
                RuntimeFixtures.settings().build(),
                Clock.systemUTC(),
                Leadership.EXIT_PROCESS);
        MonitoringServer server =
            MonitoringServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                operator::readiness,
                operator.metrics()::scrape)) {
      Answer starting = get(server.address(), "/readyz");
      assertEquals(503, starting.status());
      assertEquals("not ready\noperator: starting\n", starting.body());
      assertEquals(200, get(server.address(), "/healthz").status());

      operator.start();
      Answer ready = get(server.address(), "/readyz");
      assertEquals(200, ready.status(), ready.body());
    }
  }
}
