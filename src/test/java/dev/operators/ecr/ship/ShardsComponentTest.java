package dev.operators.ecr.ship;

import static dev.operators.ecr.ship.ShipFiles.K8S;
import static dev.operators.ecr.ship.ShipFiles.NAMESPACE;
import static dev.operators.ecr.ship.ShipFiles.documents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.desired.LabelMatch;
import dev.operators.ecr.desired.SpecProblem;
import dev.operators.ecr.runtime.WatchSelector;
import dev.operators.ecr.ship.RbacRules.ApiRequest;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s/shards/}, the kustomize component that runs two shards and the default instance,
 * rendered with {@code kubectl kustomize} through the overlay docs/install.md shows.
 */
public class ShardsComponentTest {
  private static final Path COMPONENT = K8S.resolve("shards");
  private static final Path INSTALL = Path.of("docs", "install.md");
  private static final String OVERLAY_HEADER = "# my-cluster/ecr-operator/kustomization.yaml";
  private static final String SHARD_TEMPLATE = "shard/deployment.yaml";

  /** The Deployments rendered, by name. */
  private static Map<String, JsonNode> deployments;

  private static List<JsonNode> rendered;

  @BeforeAll
  static void render(@TempDir Path dir) throws Exception {
    rendered = KustomizeBaseTest.kustomize(documentedLayout(dir));
    deployments = new TreeMap<>();
    rendered.stream()
        .filter(o -> o.path("kind").asText().equals("Deployment"))
        .forEach(d -> deployments.put(d.at("/metadata/name").asText(), d));
  }

  @Test
  void theComponentIsAKustomizeComponent() {
    JsonNode kustomization = documents(COMPONENT.resolve("kustomization.yaml")).get(0);
    assertEquals("Component", kustomization.path("kind").asText());
    assertEquals("kustomize.config.k8s.io/v1alpha1", kustomization.path("apiVersion").asText());
  }

  @Test
  void twoShardsAndTheDefaultInstanceTakeEveryRepositoryOnceEach() {
    assertEquals(
        Set.of("ecr-operator", "ecr-operator-shard-a", "ecr-operator-shard-b"),
        deployments.keySet());
    Map<String, WatchSelector> selectors = new TreeMap<>();
    deployments.forEach(
        (name, d) -> {
          assertEquals(NAMESPACE, d.at("/metadata/namespace").asText(), name);
          selectors.put(name, WatchSelector.parse(env(d).get("ECR_OPERATOR_WATCH_LABEL_SELECTOR")));
        });
    assertEquals(
        WatchSelector.parse("!" + EcrRepository.SHARD_LABEL), selectors.get("ecr-operator"));
    assertEquals(
        WatchSelector.parse(EcrRepository.SHARD_LABEL + "=a"),
        selectors.get("ecr-operator-shard-a"));
    assertEquals(
        WatchSelector.parse(EcrRepository.SHARD_LABEL + "=b"),
        selectors.get("ecr-operator-shard-b"));
    // An unlabelled repository, and one of each shard: taken by exactly one instance.
    for (Map<String, String> labels :
        List.of(
            Map.<String, String>of(),
            Map.of(EcrRepository.SHARD_LABEL, "a"),
            Map.of(EcrRepository.SHARD_LABEL, "b"))) {
      assertEquals(
          1, selectors.values().stream().filter(s -> s.matches(labels)).count(), labels.toString());
    }
    // The cluster-scoped kinds: the default instance alone.
    assertEquals(
        Set.of("ecr-operator"),
        selectors.entrySet().stream()
            .filter(e -> e.getValue().takesUnlabelled())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet()));
  }

  @Test
  void eachInstanceHasALeaseOfItsOwnThatItsRoleCovers() {
    Map<String, String> leases = new HashMap<>();
    deployments.forEach(
        (name, d) -> {
          Map<String, String> env = env(d);
          assertEquals("true", env.get("ECR_OPERATOR_LEADER_ELECTION"), name);
          leases.put(name, env.get("ECR_OPERATOR_LEADER_ELECTION_LEASE_NAME"));
        });
    assertEquals(
        Map.of(
            "ecr-operator", "ecr-operator-leader",
            "ecr-operator-shard-a", "ecr-operator-leader-shard-a",
            "ecr-operator-shard-b", "ecr-operator-leader-shard-b"),
        leases);
    String path = "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases";
    deployments.forEach(
        (name, d) -> {
          String account = d.at("/spec/template/spec/serviceAccountName").asText();
          RbacRules rbac = RbacRules.boundTo(rendered, NAMESPACE, account);
          assertTrue(rbac.allows(request("POST", path)), name);
          for (String method : List.of("GET", "PUT", "PATCH")) {
            assertTrue(rbac.allows(request(method, path + "/" + leases.get(name))), name + method);
          }
          assertFalse(rbac.allows(request("PATCH", path + "/ecr-operator-leader-shard-c")));
        });
  }

  @Test
  void noDeploymentTakesAnothersPodsAndTheMetricsReachEveryShard() {
    deployments.forEach(
        (name, d) -> {
          JsonNode selector = d.at("/spec/selector/matchLabels");
          deployments.forEach(
              (other, o) -> {
                boolean selects = selects(selector, o.at("/spec/template/metadata/labels"));
                assertEquals(name.equals(other), selects, name + " selects pods of " + other);
              });
        });
    JsonNode service =
        rendered.stream()
            .filter(o -> o.at("/metadata/name").asText().equals("ecr-operator-shards-metrics"))
            .findFirst()
            .orElseThrow();
    for (String shard : List.of("ecr-operator-shard-a", "ecr-operator-shard-b")) {
      assertTrue(
          selects(
              service.at("/spec/selector"),
              deployments.get(shard).at("/spec/template/metadata/labels")),
          shard);
    }
  }

  /**
   * k8s/monitoring/'s ServiceMonitor scrapes every instance: for each Deployment, a Service it
   * selects (in its own namespace) takes the Deployment's pods and has the endpoint's port.
   */
  @Test
  void theServiceMonitorScrapesEveryInstance() {
    JsonNode monitor = documents(K8S.resolve("monitoring").resolve("servicemonitor.yaml")).get(0);
    assertEquals("ServiceMonitor", monitor.path("kind").asText());
    String port = monitor.at("/spec/endpoints/0/port").asText();
    List<JsonNode> scraped =
        rendered.stream()
            .filter(o -> o.path("kind").asText().equals("Service"))
            .filter(o -> o.at("/metadata/namespace").asText().equals(NAMESPACE))
            .filter(o -> labelMatch(monitor.at("/spec/selector")).matches(labels(o)))
            .filter(o -> hasPort(o, port))
            .toList();
    deployments.forEach(
        (name, d) ->
            assertTrue(
                scraped.stream()
                    .anyMatch(
                        service ->
                            selects(
                                service.at("/spec/selector"),
                                d.at("/spec/template/metadata/labels"))),
                name + "'s pods are behind no Service the ServiceMonitor selects"));
  }

  private static boolean hasPort(JsonNode service, String name) {
    for (JsonNode port : service.at("/spec/ports")) {
      if (port.path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** A Kubernetes label selector, read as the operator reads one. */
  private static LabelMatch labelMatch(JsonNode selector) {
    List<SpecProblem> problems = new ArrayList<>();
    LabelMatch match =
        LabelMatch.of(
            ShipFiles.JSON.convertValue(selector, LabelSelector.class), "selector", problems);
    assertEquals(List.of(), problems, selector.toString());
    return match;
  }

  private static Map<String, String> labels(JsonNode object) {
    return ShipFiles.JSON.convertValue(
        object.at("/metadata/labels"), new TypeReference<Map<String, String>>() {});
  }

  /**
   * The shard template is the base Deployment with labels, a selector and a Lease of its own: the
   * same image, probes, resources, security and cluster name, so that a change to the base that is
   * not made to the shards fails here.
   */
  @Test
  void theShardTemplateIsTheBaseDeploymentWithItsOwnLabels() {
    JsonNode base = ShipFiles.installed("Deployment", "ecr-operator");
    JsonNode shard = documents(COMPONENT.resolve(SHARD_TEMPLATE)).get(0);

    Map<String, String> baseEnv = env(base);
    Map<String, String> shardEnv = env(shard);
    baseEnv.forEach((name, value) -> assertEquals(value, shardEnv.get(name), name));
    assertEquals(
        Set.of("ECR_OPERATOR_WATCH_LABEL_SELECTOR", "ECR_OPERATOR_LEADER_ELECTION_LEASE_NAME"),
        difference(shardEnv.keySet(), baseEnv.keySet()));
    assertEquals(withoutLabelsAndEnv(base), withoutLabelsAndEnv(shard));
  }

  private static JsonNode withoutLabelsAndEnv(JsonNode deployment) {
    ObjectNode spec = deployment.get("spec").deepCopy();
    spec.remove("selector");
    ObjectNode template = (ObjectNode) spec.get("template");
    template.remove("metadata");
    ObjectNode pod = (ObjectNode) template.get("spec");
    pod.remove("affinity");
    for (JsonNode container : (ArrayNode) pod.get("containers")) {
      ((ObjectNode) container).remove("env");
    }
    return spec;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }

  private static boolean selects(JsonNode matchLabels, JsonNode labels) {
    boolean[] all = {true};
    matchLabels
        .fields()
        .forEachRemaining(
            e -> all[0] &= e.getValue().asText().equals(labels.path(e.getKey()).asText()));
    return all[0];
  }

  private static Map<String, String> env(JsonNode deployment) {
    Map<String, String> env = new TreeMap<>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
    return env;
  }

  private static ApiRequest request(String method, String path) {
    return ApiRequest.of(method, URI.create("https://kubernetes.default" + path));
  }

  /**
   * The layout the overlay of docs/install.md expects, made in {@code dir}: a copy of k8s/ under
   * ecr-operator/, and the overlay in my-cluster/ecr-operator/, whose directory is returned.
   */
  public static Path documentedLayout(Path dir) throws IOException {
    copy(K8S, dir.resolve("ecr-operator").resolve("k8s"));
    Path overlay = Files.createDirectories(dir.resolve("my-cluster").resolve("ecr-operator"));
    Files.writeString(overlay.resolve("kustomization.yaml"), documentedOverlay());
    return overlay;
  }

  /** The overlay of docs/install.md that adds the component: the YAML block that names it. */
  private static String documentedOverlay() throws IOException {
    String text = Files.readString(INSTALL);
    int at = text.indexOf(OVERLAY_HEADER + "\n");
    while (at >= 0) {
      String block = text.substring(at, text.indexOf("```", at));
      if (block.contains("components:")) {
        return block;
      }
      at = text.indexOf(OVERLAY_HEADER + "\n", at + 1);
    }
    throw new AssertionError("docs/install.md shows no overlay with components:");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          f -> {
            try {
              Path target = to.resolve(from.relativize(f).toString());
              if (Files.isDirectory(f)) {
                Files.createDirectories(target);
              } else {
                Files.copy(f, target);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }
}
