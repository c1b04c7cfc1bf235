package dev.operators.ecr.ship;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * The RBAC rules bound to the operator's ServiceAccount in {@code k8s/rbac.yaml}, and Kubernetes'
 * authorisation of one API request against them (the attributes the API server derives from a
 * request path: API group, namespace, resource/subresource, name and verb).
 */
final class RbacRules {

  /** One rule; {@code namespace} is null for a ClusterRole's rules (every namespace). */
  record Rule(
      String namespace,
      Set<String> apiGroups,
      Set<String> resources,
      Set<String> verbs,
      Set<String> resourceNames) {

    boolean allows(ApiRequest request) {
      return (namespace == null || namespace.equals(request.namespace()))
          && matches(apiGroups, request.group())
          && matches(resources, request.resource())
          && matches(verbs, request.verb())
          && (resourceNames.isEmpty()
              || (request.name() != null && resourceNames.contains(request.name())));
    }

    private static boolean matches(Set<String> granted, String wanted) {
      return granted.contains("*") || granted.contains(wanted);
    }
  }

  /**
   * A request as RBAC sees it. {@code resource} includes the subresource ({@code
   * ecrrepositories/status}); it is null for a non-resource path (discovery, {@code /version}),
   * which the default {@code system:discovery} role grants to every authenticated user.
   */
  record ApiRequest(
      String method,
      String path,
      String verb,
      String group,
      String namespace,
      String resource,
      String name) {

    static ApiRequest of(String method, URI uri) {
      String path = uri.getRawPath();
      List<String> segments =
          new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
      String group;
      List<String> rest;
      if (segments.size() >= 2 && segments.get(0).equals("api")) {
        group = "";
        rest = segments.subList(2, segments.size());
      } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
        group = segments.get(1);
        rest = segments.subList(3, segments.size());
      } else {
        return new ApiRequest(method, path, null, null, null, null, null);
      }
      if (rest.isEmpty()) {
        return new ApiRequest(method, path, null, group, null, null, null);
      }
      String namespace = null;
      if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      String resource = rest.get(0);
      String name = rest.size() > 1 ? rest.get(1) : null;
      if (rest.size() > 2) {
        resource = resource + "/" + rest.get(2);
      }
      boolean watch =
          uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?watch=(true|1)(&.*)?");
      String verb =
          switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase();
          };
      return new ApiRequest(method, path, verb, group, namespace, resource, name);
    }

    boolean isResourceRequest() {
      return resource != null;
    }

    @Override
    public String toString() {
      return method
          + " "
          + path
          + " ("
          + verb
          + " "
          + (group.isEmpty() ? "core" : group)
          + " "
          + resource
          + (namespace == null ? "" : " in " + namespace)
          + ")";
    }
  }

  private final List<Rule> rules;

  private RbacRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules of every role bound to {@code namespace/serviceAccount} by the given objects. */
  static RbacRules boundTo(List<JsonNode> objects, String namespace, String serviceAccount) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode binding : objects) {
      String kind = binding.path("kind").asText();
      if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
        continue;
      }
      boolean bound =
          StreamSupport.stream(binding.path("subjects").spliterator(), false)
              .anyMatch(
                  s ->
                      s.path("kind").asText().equals("ServiceAccount")
                          && s.path("name").asText().equals(serviceAccount)
                          && s.path("namespace").asText().equals(namespace));
      if (!bound) {
        continue;
      }
      String bindingNamespace =
          kind.equals("RoleBinding") ? binding.at("/metadata/namespace").asText() : null;
      JsonNode role = role(objects, binding.path("roleRef"), bindingNamespace);
      for (JsonNode rule : role.path("rules")) {
        rules.add(
            new Rule(
                bindingNamespace,
                strings(rule.path("apiGroups")),
                strings(rule.path("resources")),
                strings(rule.path("verbs")),
                strings(rule.path("resourceNames"))));
      }
    }
    return new RbacRules(rules);
  }

  private static JsonNode role(List<JsonNode> objects, JsonNode roleRef, String namespace) {
    String kind = roleRef.path("kind").asText();
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().equals(roleRef.path("name").asText()))
        .filter(
            o ->
                kind.equals("ClusterRole")
                    || o.at("/metadata/namespace").asText().equals(namespace))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + roleRef.path("name")));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  List<Rule> rules() {
    return rules;
  }

  boolean allows(ApiRequest request) {
    return !request.isResourceRequest() || rules.stream().anyMatch(r -> r.allows(request));
  }
}
