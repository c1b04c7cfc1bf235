package dev.operators.ecr.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The installation files as the tests read them: paths, YAML documents, one object by kind. */
final class ShipFiles {
  static final Path K8S = Path.of("k8s");
  static final Path KUSTOMIZATION = K8S.resolve("kustomization.yaml");
  static final Path DOCKERFILE = Path.of("Dockerfile");
  static final Path IAM_POLICY = K8S.resolve("iam-policy.json");
  static final Path IAM_BASE_POLICY = K8S.resolve("iam-base-policy.json");
  static final Path IAM_TARGET_TRUST_POLICY = K8S.resolve("iam-target-trust-policy.json");
  static final String NAMESPACE = "ecr-operator";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static final KubernetesSerialization YAML_KUBERNETES = new KubernetesSerialization();

  private ShipFiles() {}

  /** Every non-empty document of a YAML file. */
  static List<JsonNode> documents(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return documents;
  }

  /** Every document of every file the kustomization lists under {@code resources:}. */
  static List<JsonNode> installed() {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode resource : documents(KUSTOMIZATION).get(0).get("resources")) {
      all.addAll(documents(K8S.resolve(resource.asText())));
    }
    return all;
  }

  /** The one installed object of that kind and name. */
  static JsonNode installed(String kind, String name) {
    List<JsonNode> found =
        installed().stream()
            .filter(d -> kind.equals(d.path("kind").asText()))
            .filter(d -> name.equals(d.path("metadata").path("name").asText()))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " " + kind + " named " + name + " installed");
    }
    return found.get(0);
  }

  /** The kinds of the CRDs under crds/, sorted. */
  static List<String> crdKinds() {
    try (var files = java.nio.file.Files.list(Path.of("crds"))) {
      return files
          .filter(p -> p.toString().endsWith(".yml"))
          .flatMap(p -> documents(p).stream())
          .map(crd -> crd.at("/spec/names/kind").asText())
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
