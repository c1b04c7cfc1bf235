package dev.operators.ecr.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * API discovery in its unaggregated form ({@code /api}, {@code /apis} and the lists below them),
 * which kubectl reads when the answer is plain {@code application/json}: the built-in resources
 * this API serves to kubectl and the operator, and the resources of the CRDs it holds.
 */
final class Discovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS =
      List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");
  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /** One resource as discovery lists it. */
  record ApiResource(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean statusSubresource) {
    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  // Namespaces and Events (kubectl get -A and describe), the operator's Lease, the CRDs.
  private static final List<ApiResource> BUILT_IN =
      List.of(
          new ApiResource(
              "",
              "v1",
              "namespaces",
              "namespace",
              "Namespace",
              false,
              List.of("ns"),
              List.of(),
              false),
          new ApiResource(
              "", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), false),
          new ApiResource(
              "coordination.k8s.io",
              "v1",
              "leases",
              "lease",
              "Lease",
              true,
              List.of(),
              List.of(),
              false),
          new ApiResource(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of("api-extensions"),
              false));

  private final List<JsonNode> crds;
  private final List<ApiResource> resources;
  // Group name to its versions, the preferred one first.
  private final Map<String, List<String>> groups = new LinkedHashMap<>();

  private Discovery(List<JsonNode> crds, List<ApiResource> resources) {
    this.crds = crds;
    this.resources = resources;
    for (ApiResource r : resources) {
      List<String> versions = groups.computeIfAbsent(r.group(), g -> new ArrayList<>());
      if (!versions.contains(r.version())) {
        versions.add(r.version());
        versions.sort(Discovery::preferredFirst);
      }
    }
  }

  /** The built-in resources and those of the served versions of {@code crds}. */
  static Discovery of(List<JsonNode> crds) {
    List<ApiResource> resources = new ArrayList<>(BUILT_IN);
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      String kind = names.path("kind").asText();
      for (JsonNode version : spec.path("versions")) {
        if (version.path("served").asBoolean()) {
          resources.add(
              new ApiResource(
                  spec.path("group").asText(),
                  version.path("name").asText(),
                  names.path("plural").asText(),
                  names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT)),
                  kind,
                  "Namespaced".equals(spec.path("scope").asText()),
                  texts(names.path("shortNames")),
                  texts(names.path("categories")),
                  version.path("subresources").has("status")));
        }
      }
    }
    return new Discovery(List.copyOf(crds), List.copyOf(resources));
  }

  /** The resource served at that group, version and plural name, or null. */
  ApiResource find(String group, String version, String plural) {
    return resources.stream()
        .filter(
            r ->
                r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst()
        .orElse(null);
  }

  /** The CRD that serves that group, version and plural name, or null. */
  JsonNode crd(String group, String version, String plural) {
    ApiResource resource = find(group, version, plural);
    if (resource == null || BUILT_IN.contains(resource)) {
      return null;
    }
    return crds.stream()
        .filter(
            c ->
                c.path("spec").path("group").asText().equals(group)
                    && c.path("spec").path("names").path("plural").asText().equals(plural))
        .findFirst()
        .orElse(null);
  }

  /**
   * The answer to a discovery path, cut into segments ({@code api}, {@code api/v1}, {@code apis},
   * {@code apis/GROUP}, {@code apis/GROUP/VERSION}); null for a group or version not served.
   */
  JsonNode answer(List<String> path) {
    if (path.get(0).equals("api")) {
      if (path.size() == 1) {
        ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        return versions;
      }
      return resourceList("", path.get(1));
    }
    if (path.size() == 1) {
      ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode items = list.putArray("groups");
      groups.keySet().stream().filter(g -> !g.isEmpty()).forEach(g -> items.add(group(g)));
      return list;
    }
    if (!groups.containsKey(path.get(1)) || path.get(1).isEmpty()) {
      return null;
    }
    if (path.size() == 2) {
      return group(path.get(1)).put("kind", "APIGroup").put("apiVersion", "v1");
    }
    return resourceList(path.get(1), path.get(2));
  }

  /**
   * The OpenAPI v3 index ({@code openapi/v3}) and one document per group version ({@code
   * openapi/v3/apis/GROUP/VERSION}) that declares of each resource that its PATCH takes {@code
   * fieldValidation}, so that kubectl leaves validation to the server (which validates nothing)
   * instead of refusing to apply, and the schema of each CRD, for kubectl explain. Null for a group
   * version not served.
   */
  JsonNode openApi(List<String> path) {
    if (path.size() == 2) {
      ObjectNode index = JSON.createObjectNode();
      ObjectNode paths = index.putObject("paths");
      groups.forEach(
          (group, versions) ->
              versions.forEach(
                  v -> {
                    String gv = group.isEmpty() ? "api/" + v : "apis/" + group + "/" + v;
                    paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv);
                  }));
      return index;
    }
    List<String> gv = path.subList(2, path.size());
    String group =
        gv.get(0).equals("api") && gv.size() == 2 ? "" : gv.size() == 3 ? gv.get(1) : null;
    List<ApiResource> served =
        resources.stream()
            .filter(r -> r.group().equals(group) && r.version().equals(gv.get(gv.size() - 1)))
            .toList();
    if (served.isEmpty()) {
      return null;
    }
    ObjectNode document = JSON.createObjectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes").put("version", "local");
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    for (ApiResource r : served) {
      ObjectNode patch =
          paths
              .putObject(
                  "/"
                      + String.join("/", gv)
                      + (r.namespaced() ? "/namespaces/{namespace}/" : "/")
                      + r.plural()
                      + "/{name}")
              .putObject("patch");
      patch
          .putObject("x-kubernetes-group-version-kind")
          .put("group", r.group())
          .put("version", r.version())
          .put("kind", r.kind());
      patch
          .putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
      JsonNode schema = schema(r);
      if (schema != null) {
        String name = String.join(".", reversed(r.group().split("\\."))) + "." + r.version();
        ObjectNode named = schema.deepCopy();
        named
            .putArray("x-kubernetes-group-version-kind")
            .addObject()
            .put("group", r.group())
            .put("version", r.version())
            .put("kind", r.kind());
        schemas.set(name + "." + r.kind(), named);
      }
    }
    return document;
  }

  // The CRD's schema of that version, for kubectl explain; null for a built-in resource.
  private JsonNode schema(ApiResource r) {
    JsonNode crd = crd(r.group(), r.version(), r.plural());
    if (crd == null) {
      return null;
    }
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("name").asText().equals(r.version())) {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        return schema.isObject() ? schema : null;
      }
    }
    return null;
  }

  private static List<String> reversed(String[] parts) {
    List<String> list = new ArrayList<>(List.of(parts));
    Collections.reverse(list);
    return list;
  }

  private ObjectNode group(String name) {
    ObjectNode group = JSON.createObjectNode().put("name", name);
    ArrayNode versions = group.putArray("versions");
    for (String version : groups.get(name)) {
      versions.addObject().put("groupVersion", name + "/" + version).put("version", version);
    }
    group.set("preferredVersion", versions.get(0));
    return group;
  }

  private ObjectNode resourceList(String group, String version) {
    List<ApiResource> served =
        resources.stream()
            .filter(r -> r.group().equals(group) && r.version().equals(version))
            .toList();
    if (served.isEmpty()) {
      return null;
    }
    ObjectNode list =
        JSON.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", served.get(0).apiVersion());
    ArrayNode items = list.putArray("resources");
    for (ApiResource r : served) {
      ObjectNode item =
          items
              .addObject()
              .put("name", r.plural())
              .put("singularName", r.singular())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      VERBS.forEach(item.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(item.putArray("shortNames")::add);
      }
      if (!r.categories().isEmpty()) {
        r.categories().forEach(item.putArray("categories")::add);
      }
      if (r.statusSubresource()) {
        ObjectNode status =
            items
                .addObject()
                .put("name", r.plural() + "/status")
                .put("singularName", "")
                .put("namespaced", r.namespaced())
                .put("kind", r.kind());
        SUBRESOURCE_VERBS.forEach(status.putArray("verbs")::add);
      }
    }
    return list;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /**
   * Kubernetes' order of versions, the preferred first: GA before beta before alpha, then the
   * higher number first (v2, v1, v1beta2, v1beta1, v1alpha1); other names after these, in
   * alphabetical order.
   */
  static int preferredFirst(String a, String b) {
    Matcher x = KUBE_VERSION.matcher(a);
    Matcher y = KUBE_VERSION.matcher(b);
    boolean kubeA = x.matches();
    boolean kubeB = y.matches();
    if (!kubeA || !kubeB) {
      return kubeA == kubeB ? a.compareTo(b) : kubeA ? -1 : 1;
    }
    Comparator<Matcher> order =
        Comparator.<Matcher>comparingInt(
                m -> m.group(2) == null ? 2 : m.group(2).equals("beta") ? 1 : 0)
            .thenComparingInt(m -> Integer.parseInt(m.group(1)))
            .thenComparingInt(m -> m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    return order.compare(y, x);
  }
}
