package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The operations on images: push, pull (batch get), describe, list and batch delete. */
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
   * The digest is the sha256 of the manifest text, or the seeded digest of a manifest the emulator
   * wrote for a seeded image; a given digest must match it, as in ECR. A new tag on an existing
   * image moves nothing, so immutable repositories allow it; tags move between images unless the
   * repository makes them immutable (docs/ecr-semantics.md §3.9).
   */
  JsonNode putImage(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String manifest = body.requiredString("imageManifest");
    InputConstraints.checkImageManifest(manifest);
    JsonNode parsed = manifestDocument(manifest);
    String mediaType =
        body.string("imageManifestMediaType")
            .or(() -> Optional.ofNullable(parsed.path("mediaType").textValue()))
            .orElseThrow(ImageOperations::invalidManifest);
    String digest =
        SeededManifest.digestOf(manifest, parsed).orElseGet(() -> "sha256:" + sha256(manifest));
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
    StoredRepository repository =
        CreationTemplateOperations.repositoryForPush(registry, name, state.now());
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
        new StoredImage(
            digest, state.now(), null, manifest, mediaType, SeededManifest.imageSize(parsed));
    StoredImage image = repository.push(candidate, tag.stream().toList(), state.now());
    ObjectNode out = Shapes.object();
    out.set("image", Shapes.image(repository, image, Shapes.imageId(digest, tag.orElse(null))));
    return out;
  }

  /**
   * ECR's answer to a manifest that is not a JSON object, or that has no {@code mediaType} when the
   * request gives none either (docs/ecr-semantics.md §3.9).
   */
  private static EcrError invalidManifest() {
    return EcrError.invalidParameter("ImageManifest", "Invalid JSON syntax");
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
    throw invalidManifest();
  }

  static String sha256(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * docs/ecr-semantics.md §3.9: each id's image with its manifest, in the order asked, and a pull
   * recorded for each image returned. Ids that name no image, archived images (which cannot be
   * pulled) and images whose manifest media type the request does not accept are reported in {@code
   * failures}.
   */
  JsonNode batchGetImage(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    List<RequestBody> ids = imageIds(body, true).orElseThrow();
    Optional<List<String>> accepted = InputConstraints.acceptedMediaTypes(body);
    StoredRepository repository = registry.require(name);
    ObjectNode out = Shapes.object();
    ArrayNode images = out.putArray("images");
    ArrayNode failures = out.putArray("failures");
    Set<StoredImage> pulled = new LinkedHashSet<>();
    for (RequestBody id : ids) {
      ImageLookup lookup = ImageLookup.of(repository, id);
      if (!lookup.found()) {
        lookup.reportFailure(failures);
        continue;
      }
      StoredImage image = lookup.image();
      // [INFERRED] What the registry answers 404 (an archived image, a manifest the client cannot
      // read) is ImageNotFound here.
      if (image.archived()) {
        lookup.reportFailure(
            failures,
            ImageLookup.IMAGE_NOT_FOUND,
            "Requested image is archived and cannot be pulled");
      } else if (accepted.isPresent() && !accepted.get().contains(image.manifestMediaType())) {
        lookup.reportFailure(
            failures,
            ImageLookup.IMAGE_NOT_FOUND,
            "Requested image's manifest media type '"
                + image.manifestMediaType()
                + "' is not among the accepted media types");
      } else {
        images.add(Shapes.image(repository, image, Shapes.imageId(image.digest(), lookup.tag())));
        pulled.add(image);
      }
    }
    Instant now = state.now();
    pulled.forEach(image -> image.recordPull(now));
    return out;
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
    InputConstraints.checkItemCount("imageIds", ids.get().size(), MAX_IMAGE_IDS);
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
      ImageLookup lookup = ImageLookup.of(repository, id);
      if (lookup.found()) {
        delete(repository, lookup, deleted);
      } else {
        lookup.reportFailure(failures);
      }
    }
    return out;
  }

  /** Deletes what one found id names, adding what went to {@code deleted}. */
  private static void delete(StoredRepository repository, ImageLookup lookup, ArrayNode deleted) {
    StoredImage image = lookup.image();
    if (lookup.tag() == null) {
      if (image.tags().isEmpty()) {
        deleted.add(Shapes.imageId(image.digest(), null));
      }
      image.tags().forEach(t -> deleted.add(Shapes.imageId(image.digest(), t)));
      repository.removeImage(image.digest());
      return;
    }
    image.tags().remove(lookup.tag());
    if (image.tags().isEmpty()) {
      repository.removeImage(image.digest());
    }
    deleted.add(Shapes.imageId(image.digest(), lookup.tag()));
  }
}
