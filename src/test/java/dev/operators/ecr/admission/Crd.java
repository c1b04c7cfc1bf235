package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One CRD of the operator: the kind it serves, where the API server serves that kind, and the
 * schema of its only version.
 */
record Crd(
    String kind,
    String group,
    String version,
    String plural,
    boolean namespaced,
    JsonNode openApiV3Schema) {

  /** What the build generates from the Java model. */
  static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");

  /** What users install (the same, as GeneratedCrdTest checks). */
  static final Path COMMITTED = Path.of("crds");

  private static final YAMLMapper YAML = new YAMLMapper();

  /** Every CRD in {@code directory}, by file name. */
  static List<Crd> in(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().map(Crd::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the build generates a CRD for {@code kind}. */
  static boolean isGenerated(String kind) {
    return Generated.ALL.stream().anyMatch(c -> c.kind().equals(kind));
  }

  /** The generated CRD of {@code kind}. */
  static Crd generated(String kind) {
    return Generated.ALL.stream()
        .filter(c -> c.kind().equals(kind))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no CRD generated for kind <" + kind + "> in " + GENERATED.toAbsolutePath()));
  }

  /** The collection path of this kind: in {@code namespace} unless the kind is cluster-scoped. */
  String resources(String namespace) {
    String scope = namespaced ? "namespaces/" + namespace + "/" : "";
    return "apis/" + group + "/" + version + "/" + scope + plural;
  }

  private static Crd read(Path file) {
    JsonNode crd;
    try {
      crd = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode spec = crd.path("spec");
    JsonNode version = spec.path("versions").get(0);
    return new Crd(
        spec.at("/names/kind").asText(),
        spec.path("group").asText(),
        version.path("name").asText(),
        spec.at("/names/plural").asText(),
        "Namespaced".equals(spec.path("scope").asText()),
        version.at("/schema/openAPIV3Schema"));
  }

  @Override
  public String toString() {
    return kind;
  }

  // Read once, on first use.
  private static final class Generated {
    static final List<Crd> ALL = in(GENERATED);
  }
}
