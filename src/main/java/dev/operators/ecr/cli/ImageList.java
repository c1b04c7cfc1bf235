package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images a preview runs over: a JSON array of {@code {"digest": "sha256:...", "tags": ["v1"],
 * "pushedAt": "2026-11-01T00:00:00Z", "lastPulledAt": null, "storageClass": "standard",
 * "archivedAt": null, "lastActivatedAt": null, "sizeInBytes": 31457280}}. Only digest and pushedAt
 * are required.
 */
final class ImageList {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final List<String> FIELDS =
      List.of(
          "digest",
          "tags",
          "pushedAt",
          "lastPulledAt",
          "storageClass",
          "archivedAt",
          "lastActivatedAt",
          "sizeInBytes");

  private final String source;

  private ImageList(String source) {
    this.source = InputText.name(source);
  }

  static List<Image> parse(String text, String source) throws UnusableInputException {
    return new ImageList(source).images(text);
  }

  private List<Image> images(String text) throws UnusableInputException {
    JsonNode array;
    try {
      array = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableInputException(source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (array == null || !array.isArray()) {
      throw new UnusableInputException(
          source
              + " must be a JSON array of images, such as [{\"digest\": ..., \"pushedAt\": ...}]");
    }
    List<Image> images = new ArrayList<>();
    Map<String, Integer> byDigest = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      Image image = image(array.get(i), "[" + i + "]");
      Integer earlier = byDigest.putIfAbsent(image.digest(), i);
      if (earlier != null) {
        throw wrong("[" + i + "].digest", "is also the digest of [" + earlier + "]");
      }
      images.add(image);
    }
    return images;
  }

  private Image image(JsonNode image, String path) throws UnusableInputException {
    if (!image.isObject()) {
      throw wrong(path, "must be an object with at least digest and pushedAt");
    }
    for (String field : (Iterable<String>) image::fieldNames) {
      if (!FIELDS.contains(field)) {
        throw wrong(path + "." + field, "unknown field; an image has " + String.join(", ", FIELDS));
      }
    }
    JsonNode digest = image.path("digest");
    if (!digest.isTextual() || digest.textValue().isEmpty()) {
      throw wrong(path + ".digest", "is required: a string such as \"sha256:...\"");
    }
    return new Image(
        digest.textValue(),
        tags(image.path("tags"), path + ".tags"),
        instant(image, path, "pushedAt", true),
        instant(image, path, "lastPulledAt", false),
        storageClass(image.path("storageClass"), path + ".storageClass"),
        instant(image, path, "archivedAt", false),
        instant(image, path, "lastActivatedAt", false),
        size(image.path("sizeInBytes"), path + ".sizeInBytes"));
  }

  private Long size(JsonNode value, String path) throws UnusableInputException {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw wrong(path, "must be a whole number of bytes, 0 or more; found " + value);
    }
    return value.longValue();
  }

  private List<String> tags(JsonNode tags, String path) throws UnusableInputException {
    if (tags.isMissingNode() || tags.isNull()) {
      return List.of();
    }
    if (!tags.isArray()) {
      throw wrong(path, "must be a list of strings; [] for an untagged image");
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      if (!tags.get(i).isTextual()) {
        throw wrong(path + "[" + i + "]", "must be a string");
      }
      list.add(tags.get(i).textValue());
    }
    return list;
  }

  private Instant instant(JsonNode image, String path, String field, boolean required)
      throws UnusableInputException {
    JsonNode value = image.path(field);
    if (value.isMissingNode() || value.isNull()) {
      if (required) {
        throw wrong(path + "." + field, "is required: an instant such as 2026-11-01T00:00:00Z");
      }
      return null;
    }
    try {
      if (value.isTextual()) {
        return Instant.parse(value.textValue());
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw wrong(
        path + "." + field,
        "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z; found " + value);
  }

  private StorageClass storageClass(JsonNode value, String path) throws UnusableInputException {
    if (value.isMissingNode() || value.isNull()) {
      return StorageClass.STANDARD;
    }
    for (StorageClass storageClass : StorageClass.values()) {
      if (storageClass.jsonName().equals(value.asText(null))) {
        return storageClass;
      }
    }
    throw wrong(path, "must be \"standard\" or \"archive\"; found " + value);
  }

  private UnusableInputException wrong(String path, String message) {
    return new UnusableInputException(source + ": images" + path + ": " + message);
  }
}
