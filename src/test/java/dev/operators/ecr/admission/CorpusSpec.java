package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One file of the admission corpus: an EcrRepository to create, or two documents (the stored object
 * and its update). Header comments {@code # admission: ...} and {@code # operator: ...} say which
 * layer must refuse it and with what; a layer not named must accept it.
 */
record CorpusSpec(
    Path file, JsonNode old, JsonNode object, String admissionRefuses, String operatorRefuses) {

  private static final ObjectMapper YAML = new YAMLMapper();
  // As stored: the API server prunes the fields its schema does not declare.
  private static final ObjectMapper STORED =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static CorpusSpec read(Path file) throws IOException {
    List<JsonNode> documents =
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
    if (documents.isEmpty() || documents.size() > 2) {
      throw new IllegalArgumentException(file + ": expected one document, or two for an update");
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
   * Each EcrRepository of an example file, as a resource to create: examples may also hold other
   * kinds (an EcrLifecyclePolicy the repository uses), which this corpus does not check.
   */
  static List<CorpusSpec> examples(Path file) throws IOException {
    return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
        .filter(d -> "EcrRepository".equals(d.path("kind").asText()))
        .map(d -> new CorpusSpec(file, null, d, null, null))
        .toList();
  }

  List<Rejection> admission(Admission admission) {
    return old == null ? admission.create(object) : admission.update(old, object);
  }

  /** What the operator's own validator says about the (new) object, as it would read it. */
  List<String> operatorProblems() {
    EcrRepository resource;
    try {
      resource = STORED.convertValue(object, EcrRepository.class);
    } catch (IllegalArgumentException e) {
      return List.of("cannot read the resource: " + e.getMessage());
    }
    return DesiredState.check(resource).stream().map(SpecProblem::toString).toList();
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
