package dev.operators.ecr.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** kube-apiserver's audit log (JSON lines, level Metadata): who asked what, and the answer. */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLog() {}

  /**
   * One request.
   *
   * @param kind verb, resource (with its subresource) and, where the request names them, the
   *     namespace and name: {@code update leases ecr-operator/ecr-operator-leader}; for a
   *     non-resource request, the verb and the path
   */
  public record Entry(Instant time, String user, String verb, String kind, int code, String uri) {}

  public static List<Entry> read(Path log) {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> !l.isBlank()).map(AuditLog::entry).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry entry(String line) {
    try {
      JsonNode event = JSON.readTree(line);
      JsonNode ref = event.path("objectRef");
      String verb = event.path("verb").asText();
      String kind;
      if (ref.isMissingNode()) {
        kind = verb + " " + event.path("requestURI").asText().replaceAll("\\?.*", "");
      } else {
        String resource = ref.path("resource").asText();
        if (ref.has("subresource")) {
          resource += "/" + ref.path("subresource").asText();
        }
        kind = verb + " " + resource;
        // Pinned where RBAC pins them: the Lease by namespace and name.
        if (resource.equals("leases")) {
          kind += " " + ref.path("namespace").asText();
          if (ref.has("name") && !verb.equals("create")) {
            kind += "/" + ref.path("name").asText();
          }
        }
      }
      return new Entry(
          Instant.parse(event.path("requestReceivedTimestamp").asText()),
          event.path("user").path("username").asText(),
          verb,
          kind,
          event.path("responseStatus").path("code").asInt(),
          event.path("requestURI").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
