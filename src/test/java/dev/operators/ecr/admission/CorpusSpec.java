package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One file of the admission corpus: a resource of any of the operator's kinds to create, or two
 * documents (the stored object and its update). Header comments {@code # admission: ...} and {@code
 * # operator: ...} say which layer must refuse it and with what; a layer not named must accept it.
 */
record CorpusSpec(
    Path file, JsonNode old, JsonNode object, String admissionRefuses, String operatorRefuses) {

  private static final ObjectMapper YAML = new YAMLMapper();

  static CorpusSpec read(Path file) throws IOException {
    List<JsonNode> documents =
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
    if (documents.isEmpty() || documents.size() > 2) {
      throw new IllegalArgumentException(file + ": expected one document, or two for an update");
    }
    if (!documents.get(0).path("kind").equals(documents.get(documents.size() - 1).path("kind"))) {
      throw new IllegalArgumentException(file + ": an update keeps the kind");
    }
    List<String> lines = Files.readAllLines(file);
    return new CorpusSpec(
        file,
        documents.size() == 2 ? documents.get(0) : null,
        documents.get(documents.size() - 1),
        header(lines, "admission"),
        header(lines, "operator"));
  }

  /**
   * Each document of an example file whose kind is one of the operator's, as a resource to create;
   * an example may also hold what the operator does not serve, which this corpus does not check.
   */
  static List<CorpusSpec> examples(Path file) throws IOException {
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
        .filter(d -> Crd.isGenerated(d.path("kind").asText()))
        .map(d -> new CorpusSpec(file, null, d, null, null))
        .toList();
  }

  String kind() {
    return object.path("kind").asText();
  }

  /** What admission of the document's kind says: empty when it admits it. */
  List<Rejection> admission() {
    Admission admission = Admission.of(kind());
    return old == null ? admission.create(object) : admission.update(old, object);
  }

  /** What the operator's own check says about the (new) object, as it would read it. */
  List<String> operatorProblems() {
    return OperatorChecks.problems(object);
  }

  private static String header(List<String> lines, String layer) {
    String prefix = "# " + layer + ": ";
    return lines.stream()
        .takeWhile(l -> l.startsWith("#"))
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElse(null);
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
