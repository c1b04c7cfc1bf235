package dev.operators.ecr.aws;

import java.util.Objects;

/**
 * One image's manifest as BatchGetImage returns it. The text is kept exactly as ECR gave it: a
 * PutImage of the same text names the same digest, so that it adds a tag to that image and pushes
 * nothing new.
 *
 * @param digest the image's digest
 * @param mediaType the manifest's media type, as ECR reported it
 * @param manifest the manifest, unchanged
 */
public record ImageManifest(String digest, String mediaType, String manifest) {
  public ImageManifest {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(manifest, "manifest");
  }

  @Override
  public String toString() {
    return "ImageManifest[" + digest + ", " + mediaType + "]";
  }
}
