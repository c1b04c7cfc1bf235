package dev.operators.ecr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What kubectl asks of an API server beyond the CRUD of fabric8's mock server: discovery, the Table
 * form of custom resources, lists named by the kind of their items, field selectors on any field,
 * and watches streamed over plain HTTP (client-go does not watch over WebSockets, the only kind of
 * watch the mock serves).
 */
final class KubectlAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  // An API server ends a watch after 30 to 60 minutes when the client names no timeout.
  private static final long DEFAULT_WATCH_SECONDS = 1800;
  private static final String NOT_FOUND = "the server could not find the requested resource";
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  // How the store begins every list it answers.
  private static final String MOCK_LIST_START = "{\"apiVersion\":\"v1\",\"kind\":\"List\",";
  // The order of an API server's lists: by namespace, then name.
  private static final Comparator<JsonNode> BY_NAMESPACE_AND_NAME =
      Comparator.<JsonNode, String>comparing(o -> o.path("metadata").path("namespace").asText())
          .thenComparing(o -> o.path("metadata").path("name").asText());

  private final KubernetesCrudDispatcher store;
  private final ChangeLog changes;

  KubectlAnswers(KubernetesCrudDispatcher store, ChangeLog changes) {
    this.store = store;
    this.changes = changes;
  }

  /** The answer to {@code request}, or null when the store answers it as it is. */
  MockResponse answer(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith("application/vnd.kubernetes.protobuf")) {
      // Typed clients (kubectl create namespace) write protobuf; the store reads only JSON.
      return status(415, "UnsupportedMediaType", "this API server reads only JSON");
    }
    if (request.method() != HttpMethod.GET) {
      return null;
    }
    Target target = Target.of(request.getPath());
    try {
      if (target.isDiscovery()) {
        JsonNode body = discovery().answer(target.segments());
        return body == null ? notFound() : json(200, body.toString());
      }
      if (target.segments().equals(List.of("version"))) {
        // No Kubernetes release: kubectl version shows what this is, and warns of the skew.
        return json(
            200, "{\"major\":\"0\",\"minor\":\"0\",\"gitVersion\":\"v0.0.0-fabric8-mock\"}");
      }
      if (target.isOpenApi()) {
        JsonNode body =
            target.segments().get(1).equals("v3") ? discovery().openApi(target.segments()) : null;
        return body == null ? notFound() : json(200, body.toString());
      }
      if (target.flag("watch")) {
        // The store's own watches, over WebSockets; those over plain HTTP are watch()'s.
        return null;
      }
      ResourcePath resource = ResourcePath.of(target.segments());
      String accept = request.getHeader("Accept");
      boolean table = accept != null && accept.contains("as=Table");
      if (resource == null
          || resource.subresource() != null
          || (resource.name() != null && !table)) {
        return null;
      }
      Discovery discovery = discovery();
      Discovery.ApiResource served =
          discovery.find(resource.group(), resource.version(), resource.plural());
      if (served == null) {
        return null;
      }
      MockResponse stored =
          resource.name() == null ? list(target, served) : store.handleGet(target.uri());
      JsonNode crd =
          table ? discovery.crd(resource.group(), resource.version(), resource.plural()) : null;
      if (crd == null || stored.code() != 200) {
        return stored;
      }
      JsonNode body = parse(stored.getBody().getBytes());
      List<JsonNode> objects =
          resource.name() == null
              ? items(body).stream().sorted(BY_NAMESPACE_AND_NAME).toList()
              : List.of(body);
      return json(
          200,
          TableForm.of(
                  crd,
                  resource.version(),
                  objects,
                  body.path("metadata").path("resourceVersion").asText(),
                  target.param("includeObject"),
                  Instant.now())
              .toString());
    } catch (IllegalArgumentException e) {
      return status(400, "BadRequest", e.getMessage());
    }
  }

  private Discovery discovery() {
    return Discovery.of(items(parse(store.handleGet(CRDS).getBody().getBytes())));
  }

  /**
   * The store's list, of the kind an API server names it ({@code EventList}: a typed client finds
   * nothing in a {@code List}), with the field selector applied to every field: the store knows
   * only metadata.name and metadata.namespace, and finds nothing for any other field.
   */
  private MockResponse list(Target target, Discovery.ApiResource served) {
    String selector = target.param("fieldSelector");
    MockResponse stored =
        store.handleGet(selector == null ? target.uri() : target.keeping("labelSelector"));
    if (stored.code() != 200) {
      return stored;
    }
    String list = new String(stored.getBody().getBytes(), StandardCharsets.UTF_8);
    if (!list.startsWith(MOCK_LIST_START)) {
      return stored;
    }
    list =
        "{\"apiVersion\":\""
            + served.apiVersion()
            + "\",\"kind\":\""
            + served.kind()
            + "List\","
            + list.substring(MOCK_LIST_START.length());
    if (selector != null) {
      FieldSelector fields = FieldSelector.parse(selector);
      ObjectNode node = (ObjectNode) parse(list.getBytes(StandardCharsets.UTF_8));
      List<JsonNode> selected = items(node).stream().filter(fields::matches).toList();
      node.putArray("items").addAll(selected);
      list = node.toString();
    }
    return json(200, list);
  }

  /** Whether {@code request} is a watch over plain HTTP, as client-go makes them. */
  static boolean isHttpWatch(HttpServerRequest request) {
    return request.method() == io.vertx.core.http.HttpMethod.GET
        && request.getHeader("Upgrade") == null
        && Target.of(request.uri()).flag("watch");
  }

  /**
   * Streams a watch over plain HTTP as an API server does: the changes after the given
   * resourceVersion (every matching object as ADDED when it is empty or 0), then each change as it
   * happens, until the client goes or timeoutSeconds pass. Objects of a CRD come as one-row Tables
   * when the request asks for them ({@code kubectl get -w}).
   */
  void watch(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    Target target = Target.of(request.uri());
    try {
      if (target.flag("sendInitialEvents")) {
        // As an API server without the WatchList feature answers; client-go then lists and watches.
        reply(response, 422, "Invalid", "sendInitialEvents is not supported by this API server");
        return;
      }
      ResourcePath resource = ResourcePath.of(target.segments());
      Discovery discovery = discovery();
      Discovery.ApiResource served =
          resource == null
              ? null
              : discovery.find(resource.group(), resource.version(), resource.plural());
      if (served == null) {
        reply(response, 404, "NotFound", NOT_FOUND);
        return;
      }
      String accept = request.getHeader("Accept");
      JsonNode crd =
          accept != null && accept.contains("as=Table")
              ? discovery.crd(served.group(), served.version(), served.plural())
              : null;
      Watch watch =
          new Watch(
              store.getKey(target.keeping("labelSelector")),
              FieldSelector.parse(target.param("fieldSelector")),
              crd,
              served.version(),
              target.param("includeObject"));
      String from = target.param("resourceVersion");
      String timeoutSeconds = target.param("timeoutSeconds");
      long timeout = timeoutSeconds == null ? DEFAULT_WATCH_SECONDS : parseLong(timeoutSeconds);
      List<String> events = new ArrayList<>();
      long after;
      if (from == null || from.isEmpty() || from.equals("0")) {
        JsonNode list =
            parse(store.handleGet(target.keeping("labelSelector")).getBody().getBytes());
        after = list.path("metadata").path("resourceVersion").asLong();
        for (JsonNode item : items(list)) {
          if (watch.fields().matches(item)) {
            events.add(watch.event("ADDED", item));
          }
        }
      } else {
        after = parseLong(from);
      }
      Context context = Vertx.currentContext();
      Consumer<ChangeLog.Change> listener =
          change ->
              context.runOnContext(
                  v -> {
                    String event = watch.event(change);
                    if (event != null && !response.ended() && !response.closed()) {
                      response.write(event);
                    }
                  });
      List<ChangeLog.Change> missed = changes.follow(after, listener);
      if (missed == null) {
        reply(response, 410, "Expired", "too old resource version: " + from);
        return;
      }
      missed.stream().map(watch::event).filter(e -> e != null).forEach(events::add);
      long timer =
          context
              .owner()
              .setTimer(
                  Math.max(1, timeout) * 1000,
                  id -> {
                    changes.unfollow(listener);
                    if (!response.ended()) {
                      response.end();
                    }
                  });
      response.closeHandler(
          v -> {
            changes.unfollow(listener);
            context.owner().cancelTimer(timer);
          });
      response.setChunked(true).putHeader("Content-Type", "application/json").writeHead();
      events.forEach(response::write);
    } catch (IllegalArgumentException e) {
      reply(response, 400, "BadRequest", e.getMessage());
    }
  }

  /** What one watch selects, and how it writes its events. */
  private record Watch(
      AttributeSet query, FieldSelector fields, JsonNode crd, String version, String include) {

    // Of a change, the event this watch sees, as the mock's own watches see it; null for none.
    String event(ChangeLog.Change change) {
      boolean was = matches(change.oldKey(), change.oldObject());
      boolean is = matches(change.newKey(), change.newObject());
      if (!was && !is) {
        return null;
      }
      return event(
          was && is ? "MODIFIED" : is ? "ADDED" : "DELETED",
          parse((is ? change.newObject() : change.oldObject()).getBytes(StandardCharsets.UTF_8)));
    }

    String event(String type, JsonNode object) {
      JsonNode shown =
          crd == null
              ? object
              : TableForm.of(
                  crd,
                  version,
                  List.of(object),
                  object.path("metadata").path("resourceVersion").asText(),
                  include,
                  Instant.now());
      return "{\"type\":\"" + type + "\",\"object\":" + shown + "}\n";
    }

    private boolean matches(AttributeSet key, String object) {
      return key != null
          && key.matches(query)
          && (fields.isEmpty() || fields.matches(parse(object.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + text, e);
    }
  }

  private static List<JsonNode> items(JsonNode list) {
    List<JsonNode> items = new ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static MockResponse notFound() {
    return status(404, "NotFound", NOT_FOUND);
  }

  static MockResponse status(int code, String reason, String message) {
    return json(code, statusJson(code, reason, message));
  }

  private static void reply(HttpServerResponse response, int code, String reason, String message) {
    response
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json")
        .end(statusJson(code, reason, message));
  }

  private static String statusJson(int code, String reason, String message) {
    return Serialization.asJson(
        new StatusBuilder()
            .withStatus("Failure")
            .withReason(reason)
            .withMessage(message)
            .withCode(code)
            .build());
  }

  /** A request's path cut into segments, and its query, decoded and as received. */
  record Target(
      String path, List<String> segments, List<String> rawQuery, Map<String, String> params) {
    static Target of(String uri) {
      int q = uri.indexOf('?');
      String path = q < 0 ? uri : uri.substring(0, q);
      List<String> raw =
          q < 0
              ? List.of()
              : Arrays.stream(uri.substring(q + 1).split("&")).filter(p -> !p.isEmpty()).toList();
      Map<String, String> params = new LinkedHashMap<>();
      for (String p : raw) {
        int eq = p.indexOf('=');
        params.putIfAbsent(
            decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
      }
      List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
      return new Target(path, segments, raw, params);
    }

    private static String decode(String text) {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String uri() {
      return rawQuery.isEmpty() ? path : path + "?" + String.join("&", rawQuery);
    }

    String param(String name) {
      return params.get(name);
    }

    boolean flag(String name) {
      String value = params.get(name);
      return "true".equals(value) || "1".equals(value);
    }

    /** The path with only the named query parameters, as received. */
    String keeping(String... names) {
      List<String> kept =
          rawQuery.stream()
              .filter(p -> Arrays.asList(names).contains(decode(p.split("=", 2)[0])))
              .toList();
      return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
    }

    boolean isOpenApi() {
      return segments.size() >= 2 && segments.get(0).equals("openapi");
    }

    boolean isDiscovery() {
      if (segments.isEmpty()) {
        return false;
      }
      String root = segments.get(0);
      return (root.equals("api") && segments.size() <= 2)
          || (root.equals("apis") && segments.size() <= 3);
    }
  }

  /** Where a resource path points: {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}. */
  record ResourcePath(
      String group,
      String version,
      String namespace,
      String plural,
      String name,
      String subresource) {
    static ResourcePath of(List<String> s) {
      int start;
      if (s.size() >= 3 && s.get(0).equals("api")) {
        start = 2;
      } else if (s.size() >= 4 && s.get(0).equals("apis")) {
        start = 3;
      } else {
        return null;
      }
      List<String> rest = s.subList(start, s.size());
      String namespace = null;
      if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      return new ResourcePath(
          start == 2 ? "" : s.get(1),
          s.get(start - 1),
          namespace,
          rest.get(0),
          rest.size() > 1 ? rest.get(1) : null,
          rest.size() > 2 ? rest.get(2) : null);
    }
  }
}
