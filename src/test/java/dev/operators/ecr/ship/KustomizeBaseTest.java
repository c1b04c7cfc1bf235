package dev.operators.ecr.ship;

import static dev.operators.ecr.ship.ShipFiles.K8S;
import static dev.operators.ecr.ship.ShipFiles.KUSTOMIZATION;
import static dev.operators.ecr.ship.ShipFiles.NAMESPACE;
import static dev.operators.ecr.ship.ShipFiles.documents;
import static dev.operators.ecr.ship.ShipFiles.installed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s/} is a kustomize base that installs the operator: every file it lists exists and
 * parses, names and namespaces agree, and {@code kubectl kustomize} renders it where a kubectl is
 * installed.
 */
class KustomizeBaseTest {
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
  private static final Set<String> INSTALLED_KINDS =
      Set.of(
          "Namespace",
          "ServiceAccount",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Deployment",
          "Service");
  private static final String IMAGE = "ghcr.io/ecr-operator/ecr-operator";
  private static final String IRSA_PATCH = "serviceaccount-irsa-patch.yaml";

  @Test
  void everyListedResourceIsAFileOfTheBaseAndNoExample() {
    JsonNode kustomization = documents(KUSTOMIZATION).get(0);
    assertEquals("Kustomization", kustomization.path("kind").asText());
    for (JsonNode resource : kustomization.get("resources")) {
      Path file = K8S.resolve(resource.asText()).normalize();
      assertTrue(Files.isRegularFile(file), file + " is listed but missing");
      assertTrue(file.startsWith(K8S), file + " is outside k8s/");
      assertFalse(file.startsWith(K8S.resolve("examples")), "examples are not installed: " + file);
      assertFalse(documents(file).isEmpty(), file + " holds no object");
    }
  }

  @Test
  void everyObjectIsNamedAndNamespacedConsistently() {
    Set<String> kinds = new TreeSet<>();
    for (JsonNode object : installed()) {
      String kind = object.path("kind").asText();
      kinds.add(kind);
      assertFalse(object.path("apiVersion").asText().isEmpty(), "apiVersion of " + kind);
      assertFalse(object.path("metadata").path("name").asText().isEmpty(), "name of " + kind);
      JsonNode namespace = object.path("metadata").path("namespace");
      if (CLUSTER_SCOPED.contains(kind)) {
        assertTrue(namespace.isMissingNode(), kind + " is cluster-scoped");
      } else {
        assertEquals(NAMESPACE, namespace.asText(), "namespace of " + kind);
      }
      assertEquals(
          "ecr-operator",
          object.path("metadata").path("labels").path("app.kubernetes.io/name").asText(),
          "app.kubernetes.io/name label of " + kind);
    }
    // The CRD installs separately (crds/), and the operator needs no Secret or ConfigMap.
    assertEquals(new TreeSet<>(INSTALLED_KINDS), kinds);
    assertEquals(
        NAMESPACE, ShipFiles.installed("Namespace", NAMESPACE).at("/metadata/name").asText());
  }

  @Test
  void referencesResolveToInstalledObjects() {
    JsonNode deployment = ShipFiles.installed("Deployment", "ecr-operator");
    String serviceAccount = deployment.at("/spec/template/spec/serviceAccountName").asText();
    ShipFiles.installed("ServiceAccount", serviceAccount);

    for (String binding : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (JsonNode b : byKind(binding)) {
        ShipFiles.installed(b.at("/roleRef/kind").asText(), b.at("/roleRef/name").asText());
        for (JsonNode subject : b.get("subjects")) {
          assertEquals("ServiceAccount", subject.path("kind").asText());
          assertEquals(serviceAccount, subject.path("name").asText());
          assertEquals(NAMESPACE, subject.path("namespace").asText());
        }
      }
    }

    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    deployment
        .at("/spec/selector/matchLabels")
        .fields()
        .forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey())));
    JsonNode service = ShipFiles.installed("Service", "ecr-operator-metrics");
    service
        .at("/spec/selector")
        .fields()
        .forEachRemaining(e -> assertEquals(e.getValue(), podLabels.get(e.getKey())));
    Set<String> containerPorts = new TreeSet<>();
    deployment
        .at("/spec/template/spec/containers/0/ports")
        .forEach(p -> containerPorts.add(p.path("name").asText()));
    for (JsonNode port : service.at("/spec/ports")) {
      assertTrue(containerPorts.contains(port.path("targetPort").asText()), port.toString());
    }
  }

  @Test
  void theImageIsThePlaceholderThatKustomizeImagesOverrides() {
    JsonNode images = documents(KUSTOMIZATION).get(0).get("images");
    assertEquals(1, images.size());
    assertEquals(IMAGE, images.get(0).path("name").asText());
    String image =
        ShipFiles.installed("Deployment", "ecr-operator")
            .at("/spec/template/spec/containers/0/image")
            .asText();
    assertEquals(IMAGE + ":" + images.get(0).path("newTag").asText(), image);
  }

  @Test
  void theIrsaPatchAnnotatesTheOperatorsServiceAccountAndIsOffByDefault() {
    List<JsonNode> patch = documents(K8S.resolve(IRSA_PATCH));
    assertEquals(1, patch.size());
    JsonNode account = patch.get(0);
    assertEquals("ServiceAccount", account.path("kind").asText());
    JsonNode installed =
        ShipFiles.installed("ServiceAccount", account.at("/metadata/name").asText());
    assertEquals(installed.at("/metadata/namespace"), account.at("/metadata/namespace"));
    assertTrue(
        account
            .at("/metadata/annotations/eks.amazonaws.com~1role-arn")
            .asText()
            .matches("arn:aws:iam::\\d{12}:role/.+"),
        account.toString());
    assertTrue(
        installed.at("/metadata/annotations").isMissingNode(),
        "the base carries no role ARN of its own");
    String kustomization = ShipFiles.read(KUSTOMIZATION);
    assertTrue(
        kustomization.contains("#   - path: " + IRSA_PATCH), "the patch is shown, commented");
  }

  @Test
  void kubectlKustomizeRendersTheBase() throws Exception {
    List<JsonNode> rendered = kustomize(K8S.toAbsolutePath());
    assertEquals(identities(installed()), identities(rendered));
  }

  /** The overlay docs/install.md shows: the base, the IRSA patch, settings and an image. */
  @Test
  void anOverlayAddsTheRoleArnAndReplacesTheImage(@TempDir Path dir) throws Exception {
    Path overlay = Files.createDirectories(dir.resolve("overlay"));
    Files.copy(K8S.resolve(IRSA_PATCH), overlay.resolve("irsa.yaml"));
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        String.join(
            "\n",
            "apiVersion: kustomize.config.k8s.io/v1beta1",
            "kind: Kustomization",
            "resources:",
            "  - " + overlay.relativize(K8S.toAbsolutePath()),
            "patches:",
            "  - path: irsa.yaml",
            "  - path: settings.yaml",
            "images:",
            "  - name: " + IMAGE,
            "    newName: registry.example.com/platform/ecr-operator",
            "    newTag: 0.1.0-custom",
            ""));
    Files.writeString(
        overlay.resolve("settings.yaml"),
        String.join(
            "\n",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata:",
            "  name: ecr-operator",
            "  namespace: ecr-operator",
            "spec:",
            "  template:",
            "    spec:",
            "      containers:",
            "        - name: operator",
            "          env:",
            "            - name: ECR_OPERATOR_CLUSTER_NAME",
            "              value: prod-eu-1",
            "            - name: ECR_OPERATOR_REGION",
            "              value: eu-west-1",
            ""));
    List<JsonNode> rendered = kustomize(overlay);
    JsonNode account =
        rendered.stream()
            .filter(d -> "ServiceAccount".equals(d.path("kind").asText()))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "arn:aws:iam::111122223333:role/ecr-operator",
        account.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText());
    JsonNode deployment =
        rendered.stream()
            .filter(d -> "Deployment".equals(d.path("kind").asText()))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "registry.example.com/platform/ecr-operator:0.1.0-custom",
        deployment.at("/spec/template/spec/containers/0/image").asText());
    // The settings merge into the base's environment by name; the base's own stay.
    java.util.Map<String, String> env = new java.util.TreeMap<>();
    deployment
        .at("/spec/template/spec/containers/0/env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    assertEquals("prod-eu-1", env.get("ECR_OPERATOR_CLUSTER_NAME"));
    assertEquals("eu-west-1", env.get("ECR_OPERATOR_REGION"));
    assertEquals("true", env.get("ECR_OPERATOR_LEADER_ELECTION"));
    assertTrue(env.containsKey("POD_NAMESPACE"), env.toString());
  }

  private static List<JsonNode> byKind(String kind) {
    return installed().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  private static Set<String> identities(List<JsonNode> objects) {
    return objects.stream()
        .map(
            o ->
                o.path("kind").asText()
                    + " "
                    + o.at("/metadata/namespace").asText("")
                    + "/"
                    + o.at("/metadata/name").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static List<JsonNode> kustomize(Path dir) throws IOException, InterruptedException {
    assumeTrue(
        Tools.onPath("kubectl"),
        "kubectl is not on the PATH: `kubectl kustomize` was not run; the structure tests above"
            + " still ran (Debian's kubernetes-client, 1.20, embeds a kustomize too old to count)");
    Path out = Files.createTempFile("kustomize", ".yaml");
    Path err = Files.createTempFile("kustomize", ".err");
    try {
      Process process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl kustomize " + dir + " did not finish");
      }
      String errors = Files.readString(err, StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + ": " + errors);
      return new ArrayList<>(documents(out));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
