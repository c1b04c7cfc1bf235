package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The OCI image manifest the emulator writes for an image seeded with a chosen digest, and the
 * recognition of such a manifest when it comes back in a PutImage (docs/design.md, the ECR
 * emulator).
 *
 * <p>Everything in it derives from the digest and the size: config and layer digests are hashed
 * from the digest, the config and layer sizes add up to the size, and the digest itself is an
 * annotation. A manifest is a seeded one when it is exactly the manifest this class writes for the
 * digest it names and the size it adds up to.
 */
final class SeededManifest {
  static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String DIGEST_ANNOTATION = "dev.operators.ecr.emulator.seeded-digest";

  private static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A config and a layer of a byte each. */
  static final long MIN_SIZE = 2;

  // Default sizes span what compressed application images weigh: 2 MB to 400 MB, 1 to 5 layers.
  private static final long MIN_DEFAULT_SIZE = 2_000_000;
  private static final long DEFAULT_SIZE_SPREAD = 398_000_000;
  private static final int MAX_LAYERS = 5;
  private static final long MIN_CONFIG_SIZE = 600;
  private static final long CONFIG_SIZE_SPREAD = 6_000;

  private SeededManifest() {}

  /** The size a seeded image has when the seeder gives none: fixed by the digest. */
  static long defaultSize(String digest) {
    return MIN_DEFAULT_SIZE + Math.floorMod(number(digest, "size"), DEFAULT_SIZE_SPREAD);
  }

  /**
   * The manifest of the image seeded as {@code digest}, its config and layers adding up to {@code
   * size}.
   *
   * @param size at least {@link #MIN_SIZE}: a config and a layer of at least a byte each
   */
  static String write(String digest, long size) {
    ObjectNode manifest = Shapes.object();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MEDIA_TYPE);
    long configSize =
        Math.min(
            MIN_CONFIG_SIZE + Math.floorMod(number(digest, "config"), CONFIG_SIZE_SPREAD),
            size / 2);
    manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, blobDigest(digest, "config"), configSize));
    ArrayNode layers = manifest.putArray("layers");
    long remaining = size - configSize;
    int count = (int) Math.min(1 + Math.floorMod(number(digest, "layers"), MAX_LAYERS), remaining);
    // A large base layer and ever smaller ones on top, each at least 1 byte.
    for (int i = 0; i < count; i++) {
      int above = count - 1 - i;
      long layerSize =
          above == 0 ? remaining : Math.max(1, Math.min(remaining * 3 / 5, remaining - above));
      layers.add(descriptor(LAYER_MEDIA_TYPE, blobDigest(digest, "layer" + i), layerSize));
      remaining -= layerSize;
    }
    manifest.putObject("annotations").put(DIGEST_ANNOTATION, digest);
    try {
      return MAPPER.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /**
   * The seeded digest {@code text} stands for, when it is a manifest this class wrote ({@code
   * parsed} is {@code text} read as JSON).
   */
  static Optional<String> digestOf(String text, JsonNode parsed) {
    JsonNode named = parsed.path("annotations").path(DIGEST_ANNOTATION);
    if (!named.isTextual()) {
      return Optional.empty();
    }
    String digest = named.textValue();
    long size = imageSize(parsed);
    return size >= MIN_SIZE && write(digest, size).equals(text)
        ? Optional.of(digest)
        : Optional.empty();
  }

  /**
   * The size ECR reports for an image: its config and layers as the manifest gives their sizes
   * (docs/ecr-semantics.md §3.9).
   */
  static long imageSize(JsonNode manifest) {
    long total = manifest.path("config").path("size").asLong();
    for (JsonNode layer : manifest.path("layers")) {
      total += layer.path("size").asLong();
    }
    return total;
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    ObjectNode descriptor = Shapes.object();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest);
    descriptor.put("size", size);
    return descriptor;
  }

  private static String blobDigest(String digest, String blob) {
    return "sha256:" + ImageOperations.sha256(digest + "/" + blob);
  }

  /** A number drawn from the digest, the same for the same digest and purpose. */
  private static long number(String digest, String purpose) {
    byte[] hash = HexFormat.of().parseHex(ImageOperations.sha256(digest + "#" + purpose));
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << Byte.SIZE) | (hash[i] & 0xff);
    }
    return value;
  }
}
