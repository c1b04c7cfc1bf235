package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The operations on images: push, describe, list and batch delete. */
final class ImageOperations {
  private static final int MAX_IMAGE_IDS = 100;
  private static final int MAX_PAGE = 1000;
  private static final String ANY = "ANY";
  private static final Set<String> TAG_STATUSES = Set.of("TAGGED", "UNTAGGED", ANY);
  private static final Set<String> IMAGE_STATUSES = Set.of("ACTIVE", "ARCHIVED", "ACTIVATING", ANY);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final EcrState state;

  ImageOperations(EcrState state) {
    this.state = state;
  }

  /**
   * The digest is the sha256 of the manifest text; a given digest must match it, as in ECR. Tags
   * move between images unless the repository makes them immutable.
   */
  JsonNode putImage(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String manifest = body.requiredString("imageManifest");
    JsonNode parsed = manifestDocument(manifest);
    String mediaType =
        body.string("imageManifestMediaType")
            .or(() -> Optional.ofNullable(parsed.path("mediaType").textValue()))
            .orElseThrow(
                () ->
                    EcrError.invalidParameter(
                        "imageManifestMediaType",
                        "must be given when the manifest has no mediaType"));
    String digest = "sha256:" + sha256(manifest);
    Optional<String> givenDigest = body.string("imageDigest");
    if (givenDigest.isPresent() && !givenDigest.get().equals(digest)) {
      throw EcrError.clientError(
          "ImageDigestDoesNotMatchException",
          "The specified image digest '"
              + givenDigest.get()
              + "' does not match the digest that Amazon ECR calculated for the image: "
              + digest);
    }
    Optional<String> tag = body.string("imageTag");
    tag.ifPresent(t -> InputConstraints.checkImageTag("imageTag", t));
    StoredRepository repository = registry.require(name);
    Optional<StoredImage> existing = repository.imageByDigest(digest);
    if (existing.isPresent()
        && !existing.get().archived()
        && (tag.isEmpty() || existing.get().tags().contains(tag.get()))) {
      throw EcrError.clientError(
          "ImageAlreadyExistsException",
          "Image with digest '"
              + digest
              + tag.map(t -> "' and tag '" + t).orElse("")
              + "' already exists in the repository with name '"
              + repository.name()
              + "' in registry with id '"
              + registry.accountId()
              + "'");
    }
    StoredImage candidate =
        new StoredImage(digest, state.now(), null, manifest, mediaType, layerBytes(parsed));
    StoredImage image = repository.push(candidate, tag.stream().toList(), state.now());
    ObjectNode out = Shapes.object();
    ObjectNode stored = out.putObject("image");
    stored.put("registryId", repository.registryId());
    stored.put("repositoryName", repository.name());
    stored.set("imageId", Shapes.imageId(image.digest(), tag.orElse(null)));
    stored.put("imageManifest", image.manifest());
    stored.put("imageManifestMediaType", image.manifestMediaType());
    return out;
  }

  private static JsonNode manifestDocument(String manifest) {
    try {
      JsonNode parsed = MAPPER.readTree(manifest);
      if (parsed instanceof ObjectNode) {
        return parsed;
      }
    } catch (JacksonException e) {
      // reported below
    }
    throw EcrError.invalidParameter("imageManifest", "Invalid JSON syntax");
  }

  private static long layerBytes(JsonNode manifest) {
    long total = 0;
    for (JsonNode layer : manifest.path("layers")) {
      total += layer.path("size").asLong();
    }
    return total;
  }

  static String sha256(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  JsonNode describeImages(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    Optional<List<RequestBody>> ids = imageIds(body, false);
    Predicate<StoredImage> filter = listingFilter(body);
    int pageSize = RepositoryOperations.pageSize(body, MAX_PAGE);
    StoredRepository repository = registry.require(name);
    ObjectNode out = Shapes.object();
    ArrayNode details = out.putArray("imageDetails");
    if (ids.isPresent()) {
      Map<String, StoredImage> found = new LinkedHashMap<>();
      for (RequestBody id : ids.get()) {
        StoredImage image = resolve(registry, repository, id);
        found.put(image.digest(), image);
      }
      found.values().forEach(image -> details.add(Shapes.imageDetail(repository, image)));
      return out;
    }
    List<StoredImage> listed = repository.images().stream().filter(filter).toList();
    Page<StoredImage> page =
        Page.of(
            listed,
            StoredImage::digest,
            body.string("nextToken").orElse(null),
            pageSize,
            "nextToken");
    page.items().forEach(image -> details.add(Shapes.imageDetail(repository, image)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /** The {@code imageIds} member; with {@code required} false, listing by page is the other way. */
  static Optional<List<RequestBody>> imageIds(RequestBody body, boolean required) {
    Optional<List<RequestBody>> ids = body.structures("imageIds");
    if (ids.isEmpty()) {
      if (required) {
        throw EcrError.missingMember("imageIds");
      }
      return ids;
    }
    if (body.has("maxResults") || body.has("nextToken")) {
      throw EcrError.invalidParameter(
          "imageIds", "cannot be used together with maxResults or nextToken");
    }
    if (ids.get().isEmpty() || ids.get().size() > MAX_IMAGE_IDS) {
      throw EcrError.invalidParameter(
          "imageIds", "Member must have between 1 and " + MAX_IMAGE_IDS + " items");
    }
    return ids;
  }

  /** The filter of listings: tag status (default ANY) and image status (default ACTIVE only). */
  private static Predicate<StoredImage> listingFilter(RequestBody body) {
    String tagStatus = tagStatus(body);
    String imageStatus =
        InputConstraints.oneOf(
            "filter.imageStatus",
            body.structure("filter").flatMap(f -> f.string("imageStatus")).orElse("ACTIVE"),
            IMAGE_STATUSES);
    return image ->
        tagStatusMatches(tagStatus, image.tags().isEmpty())
            && (imageStatus.equals(ANY) || imageStatus.equals(image.status()));
  }

  static boolean tagStatusMatches(String tagStatus, boolean untagged) {
    return switch (tagStatus) {
      case "TAGGED" -> !untagged;
      case "UNTAGGED" -> untagged;
      default -> true;
    };
  }

  /** The filter's {@code tagStatus}, ANY when absent. */
  static String tagStatus(RequestBody body) {
    return InputConstraints.oneOf(
        "filter.tagStatus",
        body.structure("filter").flatMap(f -> f.string("tagStatus")).orElse(ANY),
        TAG_STATUSES);
  }

  private static StoredImage resolve(
      Registry registry, StoredRepository repository, RequestBody id) {
    Optional<String> digest = id.string("imageDigest");
    Optional<String> tag = id.string("imageTag");
    if (digest.isEmpty() && tag.isEmpty()) {
      throw EcrError.invalidParameter("imageIds.member", "needs an imageDigest or an imageTag");
    }
    Optional<StoredImage> image =
        digest.isPresent()
            ? repository
                .imageByDigest(digest.get())
                .filter(i -> tag.isEmpty() || i.tags().contains(tag.get()))
            : repository.imageByTag(tag.get());
    return image.orElseThrow(
        () ->
            EcrError.imageNotFound(
                describe(digest.orElse(null), tag.orElse(null)),
                repository.name(),
                registry.accountId()));
  }

  private static String describe(String digest, String tag) {
    return "{imageDigest:'" + digest + "', imageTag:'" + tag + "'}";
  }

  JsonNode listImages(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    Predicate<StoredImage> filter = listingFilter(body);
    int pageSize = RepositoryOperations.pageSize(body, MAX_PAGE);
    StoredRepository repository = registry.require(name);
    List<ObjectNode> entries = new ArrayList<>();
    for (StoredImage image : repository.images()) {
      if (!filter.test(image)) {
        continue;
      }
      if (image.tags().isEmpty()) {
        entries.add(Shapes.imageId(image.digest(), null));
      }
      image.tags().forEach(tag -> entries.add(Shapes.imageId(image.digest(), tag)));
    }
    Page<ObjectNode> page =
        Page.of(
            entries,
            id -> id.path("imageDigest").asText() + "\u0000" + id.path("imageTag").asText(""),
            body.string("nextToken").orElse(null),
            pageSize,
            "nextToken");
    ObjectNode out = Shapes.object();
    out.putArray("imageIds").addAll(page.items());
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /**
   * docs/ecr-semantics.md §3.3: by tag removes that tag (the image goes with its last tag); by
   * digest removes the image and every tag. Problems with one id are reported in {@code failures}.
   */
  JsonNode batchDeleteImage(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    List<RequestBody> ids = imageIds(body, true).orElseThrow();
    StoredRepository repository = registry.require(name);
    ObjectNode out = Shapes.object();
    ArrayNode deleted = out.putArray("imageIds");
    ArrayNode failures = out.putArray("failures");
    for (RequestBody id : ids) {
      String digest = id.string("imageDigest").orElse(null);
      String tag = id.string("imageTag").orElse(null);
      Optional<String> failure = deleteOne(repository, digest, tag, deleted);
      failure.ifPresent(
          code ->
              failures
                  .addObject()
                  .<ObjectNode>set("imageId", Shapes.imageId(digest, tag))
                  .put("failureCode", code)
                  .put("failureReason", failureReason(code)));
    }
    return out;
  }

  /** Deletes one image id, adding what went to {@code deleted}; the failure code otherwise. */
  private static Optional<String> deleteOne(
      StoredRepository repository, String digest, String tag, ArrayNode deleted) {
    if (digest == null && tag == null) {
      return Optional.of("MissingDigestAndTag");
    }
    if (digest != null && !InputConstraints.validDigest(digest)) {
      return Optional.of("InvalidImageDigest");
    }
    if (tag != null
        && (tag.length() < InputConstraints.MIN_IMAGE_TAG
            || tag.length() > InputConstraints.MAX_IMAGE_TAG)) {
      return Optional.of("InvalidImageTag");
    }
    Optional<StoredImage> found =
        digest != null ? repository.imageByDigest(digest) : repository.imageByTag(tag);
    if (found.isEmpty()) {
      return Optional.of("ImageNotFound");
    }
    StoredImage image = found.get();
    if (tag == null) {
      if (image.tags().isEmpty()) {
        deleted.add(Shapes.imageId(image.digest(), null));
      }
      image.tags().forEach(t -> deleted.add(Shapes.imageId(image.digest(), t)));
      repository.removeImage(image.digest());
      return Optional.empty();
    }
    // [INFERRED] A digest with a tag deletes by tag, once the tag is known to name that digest.
    if (!image.tags().contains(tag)) {
      return Optional.of("ImageTagDoesNotMatchDigest");
    }
    image.tags().remove(tag);
    if (image.tags().isEmpty()) {
      repository.removeImage(image.digest());
    }
    deleted.add(Shapes.imageId(image.digest(), tag));
    return Optional.empty();
  }

  /** moto's reasons where it has them (docs/ecr-semantics.md §3.3). */
  private static String failureReason(String code) {
    return switch (code) {
      case "MissingDigestAndTag" ->
          "Invalid request parameters: both tag and digest cannot be null";
      case "InvalidImageDigest" ->
          "Invalid request parameters: image digest should satisfy the regex"
              + " '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";
      case "InvalidImageTag" ->
          "Invalid request parameters: image tag should have between 1 and 300 characters";
      case "ImageTagDoesNotMatchDigest" ->
          "Invalid request parameters: the given tag does not name the given digest";
      default -> "Requested image not found";
    };
  }
}
