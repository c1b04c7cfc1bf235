package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a command was given: a bare lifecycle policy, or Kubernetes resources, one per YAML
 * document. Each kind the commands know has a reader in {@link #KINDS}; documents of other kinds
 * are skipped with a note.
 */
final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // As kubectl: a key repeated in one YAML mapping is an error, not "the last one wins".
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Reads one document of a known kind; {@code number} counts documents from 1. */
  private interface Reader {
    Resource read(JsonNode document, int number);
  }

  // A new kind, such as EcrLifecyclePolicy, is one more reader here.
  private static final Map<String, Reader> KINDS =
      Map.of(EcrRepositoryDocument.KIND, EcrRepositoryDocument::read);

  private final PolicyDocument policy;
  private final List<Item> items;

  private Manifest(PolicyDocument policy, List<Item> items) {
    this.policy = policy;
    this.items = List.copyOf(items);
  }

  static Manifest read(String text, String source) throws UnusableInputException {
    boolean json = text.strip().startsWith("{");
    List<JsonNode> documents = json ? List.of(json(text, source)) : yaml(text, source);
    if (documents.size() == 1 && PolicyDocument.isPolicy(documents.get(0))) {
      return new Manifest(new PolicyDocument(text, documents.get(0), json), List.of());
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue; // an empty document, such as after a trailing ---
      }
      Reader reader = KINDS.get(document.path("kind").asText(""));
      items.add(reader == null ? skipped(document, i + 1) : reader.read(document, i + 1));
    }
    return new Manifest(null, items);
  }

  /** The bare policy the input is, or null when it holds resources. */
  PolicyDocument policy() {
    return policy;
  }

  List<Item> items() {
    return items;
  }

  List<Resource> resources() {
    return items.stream().filter(Resource.class::isInstance).map(Resource.class::cast).toList();
  }

  private static Skipped skipped(JsonNode document, int number) {
    String kind = document.path("kind").asText("");
    String known = String.join(", ", KINDS.keySet());
    return new Skipped(
        "document "
            + number
            + " skipped: "
            + (kind.isEmpty() ? "it has no kind" : "kind " + kind + " is not " + known));
  }

  // JSON is parsed leniently: a policy's repeated keys are reported by the policy validator.
  private static JsonNode json(String text, String source) throws UnusableInputException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw unusable(source, "JSON", e);
    }
  }

  private static List<JsonNode> yaml(String text, String source) throws UnusableInputException {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
      return documents.readAll();
    } catch (JsonProcessingException e) {
      throw unusable(source, "YAML", e);
    } catch (IOException e) {
      throw new IllegalStateException("reading from a String cannot fail", e);
    }
  }

  private static UnusableInputException unusable(
      String source, String format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new UnusableInputException(
        InputText.name(source) + " is not valid " + format + where + ": " + e.getOriginalMessage());
  }
}
