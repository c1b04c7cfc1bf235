package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One entry of a batch request's {@code imageIds} resolved in a repository: the image it names, or
 * the failure code that says why it names none (docs/ecr-semantics.md §3.3).
 *
 * @param digest the id's {@code imageDigest}, null when it has none
 * @param tag the id's {@code imageTag}, null when it has none
 * @param image null when the id names no image
 * @param failureCode ECR's {@code ImageFailureCode} when the id names no image, else null
 */
record ImageLookup(String digest, String tag, StoredImage image, String failureCode) {
  static final String IMAGE_NOT_FOUND = "ImageNotFound";

  static ImageLookup of(StoredRepository repository, RequestBody id) {
    String digest = id.string("imageDigest").orElse(null);
    String tag = id.string("imageTag").orElse(null);
    return new ImageLookup(digest, tag, null, null).in(repository);
  }

  private ImageLookup in(StoredRepository repository) {
    if (digest == null && tag == null) {
      return failed("MissingDigestAndTag");
    }
    if (digest != null && !InputConstraints.validDigest(digest)) {
      return failed("InvalidImageDigest");
    }
    if (tag != null
        && (tag.length() < InputConstraints.MIN_IMAGE_TAG
            || tag.length() > InputConstraints.MAX_IMAGE_TAG)) {
      return failed("InvalidImageTag");
    }
    Optional<StoredImage> found =
        digest != null ? repository.imageByDigest(digest) : repository.imageByTag(tag);
    if (found.isEmpty()) {
      return failed(IMAGE_NOT_FOUND);
    }
    // [INFERRED] A digest with a tag names the image only when the tag is on that image.
    if (digest != null && tag != null && !found.get().tags().contains(tag)) {
      return failed("ImageTagDoesNotMatchDigest");
    }
    return new ImageLookup(digest, tag, found.get(), null);
  }

  private ImageLookup failed(String code) {
    return new ImageLookup(digest, tag, null, code);
  }

  boolean found() {
    return image != null;
  }

  /** Adds this id to {@code failures} with its failure code and ECR's reason for it. */
  void reportFailure(ArrayNode failures) {
    reportFailure(failures, failureCode, reason(failureCode));
  }

  /** Adds this id to {@code failures} with a code and reason of the caller's. */
  void reportFailure(ArrayNode failures, String code, String reason) {
    failures
        .addObject()
        .<ObjectNode>set("imageId", Shapes.imageId(digest, tag))
        .put("failureCode", code)
        .put("failureReason", reason);
  }

  /**
   * Real ECR's reason for ImageNotFound, moto's or the project's for the others
   * (docs/ecr-semantics.md §3.3).
   */
  private static String reason(String code) {
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
