package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** ECR's response shapes as JSON (docs/ecr-semantics.md §3.2): timestamps are epoch seconds. */
final class Shapes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MILLIS_SCALE = 3;

  private Shapes() {}

  static ObjectNode object() {
    return JSON.objectNode();
  }

  static ArrayNode array() {
    return JSON.arrayNode();
  }

  static JsonNode timestamp(Instant instant) {
    return JSON.numberNode(BigDecimal.valueOf(instant.toEpochMilli(), MILLIS_SCALE));
  }

  /** Puts {@code timestamp} under {@code member} unless it is null (ECR omits unset times). */
  static void putTimestamp(ObjectNode target, String member, Instant timestamp) {
    if (timestamp != null) {
      target.set(member, timestamp(timestamp));
    }
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode array = array();
    values.forEach(array::add);
    return array;
  }

  /** The {@code registryId} and {@code repositoryName} most responses start with. */
  static ObjectNode repositoryResult(StoredRepository repository) {
    ObjectNode result = object();
    result.put("registryId", repository.registryId());
    result.put("repositoryName", repository.name());
    return result;
  }

  static ObjectNode repository(StoredRepository repository) {
    ObjectNode out = object();
    out.put("repositoryArn", repository.arn());
    out.put("registryId", repository.registryId());
    out.put("repositoryName", repository.name());
    out.put("repositoryUri", repository.uri());
    out.set("createdAt", timestamp(repository.createdAt()));
    out.put("imageTagMutability", repository.imageTagMutability());
    if (!repository.exclusionFilters().isEmpty()) {
      out.set("imageTagMutabilityExclusionFilters", exclusionFilters(repository));
    }
    out.set("imageScanningConfiguration", scanningConfiguration(repository));
    ObjectNode encryption = out.putObject("encryptionConfiguration");
    encryption.put("encryptionType", repository.encryptionType());
    if (repository.kmsKey() != null) {
      encryption.put("kmsKey", repository.kmsKey());
    }
    return out;
  }

  static ArrayNode exclusionFilters(StoredRepository repository) {
    ArrayNode filters = array();
    for (String filter : repository.exclusionFilters()) {
      filters.addObject().put("filterType", "WILDCARD").put("filter", filter);
    }
    return filters;
  }

  static ObjectNode scanningConfiguration(StoredRepository repository) {
    return object().put("scanOnPush", repository.scanOnPush());
  }

  static ArrayNode tagList(Map<String, String> tags) {
    ArrayNode list = array();
    tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
    return list;
  }

  static ObjectNode imageId(String digest, String tag) {
    ObjectNode id = object();
    if (digest != null) {
      id.put("imageDigest", digest);
    }
    if (tag != null) {
      id.put("imageTag", tag);
    }
    return id;
  }

  /** ECR's {@code Image}: an image with its manifest, named by {@code imageId}. */
  static ObjectNode image(StoredRepository repository, StoredImage image, ObjectNode imageId) {
    ObjectNode out = repositoryResult(repository);
    out.set("imageId", imageId);
    out.put("imageManifest", image.manifest());
    out.put("imageManifestMediaType", image.manifestMediaType());
    return out;
  }

  static ObjectNode imageDetail(StoredRepository repository, StoredImage image) {
    ObjectNode detail = object();
    detail.put("registryId", repository.registryId());
    detail.put("repositoryName", repository.name());
    detail.put("imageDigest", image.digest());
    if (!image.tags().isEmpty()) {
      detail.set("imageTags", strings(image.tags()));
    }
    detail.put("imageSizeInBytes", image.sizeInBytes());
    detail.set("imagePushedAt", timestamp(image.pushedAt()));
    detail.put("imageManifestMediaType", image.manifestMediaType());
    putTimestamp(detail, "lastRecordedPullTime", image.lastPulledAt());
    detail.put("imageStatus", image.status());
    putTimestamp(detail, "lastArchivedAt", image.archivedAt());
    putTimestamp(detail, "lastActivatedAt", image.lastActivatedAt());
    return detail;
  }
}
