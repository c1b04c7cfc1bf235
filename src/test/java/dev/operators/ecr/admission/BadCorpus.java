package dev.operators.ecr.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bad half of the admission corpus, for tests outside this package: each file of one kind with
 * what the offline admission (schema and CEL rules of the kind's generated CRD) says about it.
 */
public final class BadCorpus {
  public static final Path DIRECTORY = Path.of("src", "test", "resources", "admission", "bad");

  private BadCorpus() {}

  /**
   * One corpus file.
   *
   * @param old the stored object for an update, else null
   * @param rejections why admission refuses the (new) object; empty when it admits it
   * @param operatorRefuses the {@code # operator:} header, null without one
   */
  public record Entry(
      String file, JsonNode old, JsonNode object, List<String> rejections, String operatorRefuses) {
    public boolean admitted() {
      return rejections.isEmpty();
    }

    @Override
    public String toString() {
      return file;
    }
  }

  /** Every file of {@code kind}, in name order. */
  public static List<Entry> load(String kind) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(DIRECTORY)) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      CorpusSpec spec = CorpusSpec.read(file);
      if (!spec.kind().equals(kind)) {
        continue;
      }
      entries.add(
          new Entry(
              file.getFileName().toString(),
              spec.old(),
              spec.object(),
              spec.admission().stream().map(Rejection::toString).toList(),
              spec.operatorRefuses()));
    }
    return entries;
  }

  /** Whether admission would admit {@code object} as a new resource of its kind. */
  public static boolean admitsCreate(JsonNode object) {
    return Admission.of(object.path("kind").asText()).create(object).isEmpty();
  }
}
