package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire protocol as any client sees it, without the SDK's help. */
class EcrEmulatorProtocolTest {
  private static final String SIGNED_FOR_US_WEST_2 =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/ecr/aws4_request,"
          + " SignedHeaders=host;x-amz-date, Signature=0123abcd";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EcrEmulator emulator =
      new EcrEmulator("123456789012", () -> Instant.parse("2026-01-01T00:00:01.5Z")).start();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> post(String path, String target, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String operation, String body)
      throws IOException, InterruptedException {
    return post(
        "/", "AmazonEC2ContainerRegistry_V20150921." + operation, SIGNED_FOR_US_WEST_2, body);
  }

  private static void assertError(HttpResponse<String> response, int status, String code)
      throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(code, body.path("__type").asText(), response.body());
    assertFalse(body.path("message").asText().isEmpty());
  }

  @Test
  void answersWithEcrsHeadersAndEpochSecondTimestamps() throws Exception {
    HttpResponse<String> response = call("CreateRepository", "{\"repositoryName\":\"app\"}");

    assertEquals(200, response.statusCode());
    assertEquals(
        "application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    JsonNode createdAt = JSON.readTree(response.body()).path("repository").path("createdAt");
    assertTrue(createdAt.isNumber(), response.body());
    assertEquals(1767225601.5, createdAt.asDouble());
  }

  @Test
  void theRegionIsTheOneTheRequestWasSignedFor() throws Exception {
    call("CreateRepository", "{\"repositoryName\":\"app\"}");

    assertTrue(emulator.repository("us-west-2", "app").isPresent());
    assertTrue(emulator.repository("eu-west-1", "app").isEmpty());
  }

  @Test
  void anEmptyBodyIsAnEmptyRequest() throws Exception {
    assertEquals(200, call("DescribeRepositories", "").statusCode());
  }

  @Test
  void unknownOperationsAndTargetsAreRefused() throws Exception {
    assertError(call("GetAuthorizationToken", "{}"), 400, "UnknownOperationException");
    assertError(
        post("/", "SomeOtherService.CreateRepository", SIGNED_FOR_US_WEST_2, "{}"),
        400,
        "UnknownOperationException");
    assertError(post("/", null, SIGNED_FOR_US_WEST_2, "{}"), 400, "UnknownOperationException");
  }

  @Test
  void malformedBodiesAreSerializationErrors() throws Exception {
    assertError(call("CreateRepository", "{\"repositoryName\":"), 400, "SerializationException");
    assertError(call("CreateRepository", "[]"), 400, "SerializationException");
    assertError(call("CreateRepository", "{\"repositoryName\":42}"), 400, "SerializationException");
    assertError(
        call("DeleteRepository", "{\"repositoryName\":\"app\",\"force\":\"yes\"}"),
        400,
        "SerializationException");
  }

  @Test
  void anUnsignedRequestIsRefused() throws Exception {
    assertError(
        post("/", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", null, "{}"),
        400,
        "MissingAuthenticationTokenException");
    assertError(
        post(
            "/", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", "Bearer token", "{}"),
        400,
        "IncompleteSignatureException");
  }

  @Test
  void anInjectedServerFaultIsAnHttp500() throws Exception {
    emulator.failNext("DescribeRepositories", 1, Fault.serverError());

    assertError(call("DescribeRepositories", "{}"), 500, "ServerException");
  }

  @Test
  void onlyPostIsServed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(emulator.endpoint()).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(405, response.statusCode());
  }

  @Test
  void theLifecycleSideDoorIsOutsideEcrsNamespace() throws Exception {
    call("CreateRepository", "{\"repositoryName\":\"app\"}");

    assertError(
        post(
            "/_emulator/lifecycle/run",
            null,
            null,
            "{\"region\":\"us-west-2\",\"repositoryName\":\"app\"}"),
        400,
        "LifecyclePolicyNotFoundException");
    assertError(
        post(
            "/_emulator/lifecycle/run",
            null,
            null,
            "{\"region\":\"us-west-2\",\"repositoryName\":\"absent\"}"),
        400,
        "RepositoryNotFoundException");
    assertError(call("_emulator/lifecycle/run", "{}"), 400, "UnknownOperationException");
    assertEquals(0, emulator.callCount("DescribeRepositories"));
  }

  @Test
  void theStateSideDoorShowsRepositoriesAndHowOftenEachNameWasCreated() throws Exception {
    call(
        "CreateRepository",
        "{\"repositoryName\":\"app\",\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    call("DeleteRepository", "{\"repositoryName\":\"app\"}");
    call("CreateRepository", "{\"repositoryName\":\"app\"}");
    call(
        "CreateRepository",
        "{\"repositoryName\":\"web\",\"tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    call("CreateRepository", "{\"repositoryName\":\"web\"}"); // already exists: not a creation
    long describes = emulator.callCount("DescribeRepositories");

    HttpResponse<String> response =
        post("/_emulator/state", null, null, "{\"region\":\"us-west-2\"}");

    assertEquals(200, response.statusCode(), response.body());
    JsonNode state = JSON.readTree(response.body());
    assertEquals(2, state.get("repositories").size());
    assertEquals("app", state.get("repositories").get(0).get("repositoryName").asText());
    assertEquals("v", state.get("repositories").get(1).get("tags").get("k").asText());
    assertTrue(state.get("repositories").get(1).get("lifecyclePolicyText").isNull());
    assertEquals(2, state.get("creations").get("app").asLong());
    assertEquals(1, state.get("creations").get("web").asLong());
    assertEquals(describes, emulator.callCount("DescribeRepositories"), "not an ECR call");
  }

  @Test
  void theSideDoorsWorkInTheAccountTheyAreGiven() throws Exception {
    String b = "210987654321";
    emulator.addUser("TEAMBKEY", b);
    String signedAsB = SIGNED_FOR_US_WEST_2.replace("AKIDEXAMPLE", "TEAMBKEY");
    HttpResponse<String> created =
        post(
            "/",
            "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
            signedAsB,
            "{\"repositoryName\":\"app\"}");
    assertEquals(200, created.statusCode(), created.body());
    String digest = "sha256:" + "c".repeat(64);

    HttpResponse<String> pushed =
        post(
            "/_emulator/push",
            null,
            null,
            "{\"region\":\"us-west-2\",\"account\":\""
                + b
                + "\",\"images\":[{\"repositoryName\":\"app\",\"imageDigest\":\""
                + digest
                + "\",\"imageTags\":[\"v1\"]}]}");
    JsonNode stateOfB =
        JSON.readTree(
            post(
                    "/_emulator/state",
                    null,
                    null,
                    "{\"region\":\"us-west-2\",\"account\":\"" + b + "\"}")
                .body());
    JsonNode stateOfDefault =
        JSON.readTree(post("/_emulator/state", null, null, "{\"region\":\"us-west-2\"}").body());
    JsonNode images =
        JSON.readTree(
            post(
                    "/_emulator/images",
                    null,
                    null,
                    "{\"region\":\"us-west-2\",\"account\":\""
                        + b
                        + "\",\"repositoryName\":\"app\"}")
                .body());
    JsonNode callsOfB =
        JSON.readTree(post("/_emulator/calls", null, null, "{\"account\":\"" + b + "\"}").body());
    JsonNode callsOfDefault =
        JSON.readTree(
            post("/_emulator/calls", null, null, "{\"account\":\"123456789012\"}").body());
    HttpResponse<String> faults =
        post(
            "/_emulator/faults", null, null, "{\"plan\":\"throttle=1\",\"account\":\"" + b + "\"}");
    HttpResponse<String> throttledInB =
        post("/", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", signedAsB, "{}");
    HttpResponse<String> servedInDefault = call("DescribeRepositories", "{}");
    HttpResponse<String> badAccount =
        post("/_emulator/state", null, null, "{\"region\":\"us-west-2\",\"account\":\"b\"}");

    assertEquals(200, pushed.statusCode(), pushed.body());
    assertEquals(1, stateOfB.path("repositories").get(0).path("imageCount").asInt());
    assertEquals(
        "arn:aws:ecr:us-west-2:" + b + ":repository/app",
        stateOfB.path("repositories").get(0).path("repositoryArn").asText());
    assertEquals(0, stateOfDefault.path("repositories").size());
    assertEquals(digest, images.path("images").get(0).path("imageDigest").asText());
    assertEquals(1, callsOfB.path("calls").path("CreateRepository").asLong());
    assertEquals(0, callsOfDefault.path("calls").size(), callsOfDefault.toString());
    assertEquals(200, faults.statusCode(), faults.body());
    assertError(throttledInB, 400, "ThrottlingException");
    assertEquals(200, servedInDefault.statusCode(), servedInDefault.body());
    assertError(badAccount, 400, "InvalidParameterException");
  }

  @Test
  void theCallsSideDoorCountsAndResets() throws Exception {
    call("CreateRepository", "{\"repositoryName\":\"app\"}");
    call("DescribeRepositories", "{}");
    call("DescribeRepositories", "{\"repositoryNames\":[\"app\"]}");
    call("GetLifecyclePolicy", "{\"repositoryName\":[1]}"); // refused, names nothing

    JsonNode counted =
        JSON.readTree(post("/_emulator/calls", null, null, "{\"reset\":true}").body());

    assertEquals(1, counted.get("calls").get("CreateRepository").asLong());
    assertEquals(2, counted.get("calls").get("DescribeRepositories").asLong());
    assertEquals(1, counted.get("calls").get("GetLifecyclePolicy").asLong());
    assertEquals(1, counted.get("writes").asLong());
    assertEquals(
        Map.of("CreateRepository", 1L, "DescribeRepositories", 1L),
        JSON.convertValue(counted.get("repositories"), new TypeReference<Map<String, Long>>() {}));
    assertEquals(
        0, JSON.readTree(post("/_emulator/calls", null, null, "").body()).get("writes").asLong());
    assertEquals(Map.of(), emulator.calls());
  }

  @Test
  void theFaultsSideDoorSwitchesAPlanOnAndOffAndRefusesABadOne() throws Exception {
    assertEquals(
        200, post("/_emulator/faults", null, null, "{\"plan\":\"throttle=1\"}").statusCode());
    assertError(call("DescribeRepositories", "{}"), 400, "ThrottlingException");
    assertEquals(
        1,
        JSON.readTree(post("/_emulator/calls", null, null, "").body())
            .get("faults")
            .get("throttled")
            .asLong());

    assertEquals(200, post("/_emulator/faults", null, null, "{}").statusCode());
    assertEquals(200, call("DescribeRepositories", "{}").statusCode());

    HttpResponse<String> bad = post("/_emulator/faults", null, null, "{\"plan\":\"throttle=2\"}");
    assertError(bad, 400, "InvalidParameterException");
    assertTrue(bad.body().contains("throttle share must be between 0 and 1"), bad.body());
  }

  @Test
  void theImagesSideDoorsPushAndListImagesUncounted() throws Exception {
    call("CreateRepository", "{\"repositoryName\":\"app\"}");
    emulator.resetCalls();
    String a = "sha256:" + "a".repeat(64);
    String b = "sha256:" + "b".repeat(64);

    HttpResponse<String> pushed =
        post(
            "/_emulator/push",
            null,
            null,
            "{\"region\":\"us-west-2\",\"images\":["
                + "{\"repositoryName\":\"app\",\"imageDigest\":\""
                + a
                + "\",\"imageTags\":[\"v1\",\"latest\"]},"
                + "{\"repositoryName\":\"app\",\"imageDigest\":\""
                + b
                + "\",\"imageTags\":[\"latest\"]}]}");

    assertEquals(200, pushed.statusCode(), pushed.body());
    assertEquals(2, JSON.readTree(pushed.body()).get("pushed").asInt());
    HttpResponse<String> listed =
        post(
            "/_emulator/images",
            null,
            null,
            "{\"region\":\"us-west-2\",\"repositoryName\":\"app\"}");
    assertEquals(200, listed.statusCode(), listed.body());
    JsonNode images = JSON.readTree(listed.body()).get("images");
    assertEquals(2, images.size());
    assertEquals(a, images.get(0).get("imageDigest").asText());
    assertEquals("[\"v1\"]", images.get(0).get("imageTags").toString(), "latest moved to b");
    assertEquals("[\"latest\"]", images.get(1).get("imageTags").toString());
    assertEquals(2, emulator.images("us-west-2", "app").size(), "seeded as pushImage seeds");
    assertEquals(Map.of(), emulator.calls(), "not ECR calls");

    assertError(
        post(
            "/_emulator/push",
            null,
            null,
            "{\"region\":\"us-west-2\",\"images\":[{\"repositoryName\":\"app\","
                + "\"imageDigest\":\"sha256:12\"}]}"),
        400,
        "InvalidParameterException");
    assertError(
        post(
            "/_emulator/images",
            null,
            null,
            "{\"region\":\"us-west-2\",\"repositoryName\":\"missing\"}"),
        400,
        "RepositoryNotFoundException");
  }
}
