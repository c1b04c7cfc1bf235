package dev.operators.ecr.sandbox.emulator;

import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One image in an emulated repository; guarded by the emulator's state lock. */
final class StoredImage {
  private final String digest;
  private final Set<String> tags = new LinkedHashSet<>();
  private final Instant pushedAt;
  private final String manifest;
  private final String manifestMediaType;
  private final long sizeInBytes;
  private Instant lastPulledAt;
  private StorageClass storageClass;
  private Instant archivedAt;
  private Instant lastActivatedAt;

  StoredImage(
      String digest,
      Instant pushedAt,
      Instant lastPulledAt,
      String manifest,
      String manifestMediaType,
      long sizeInBytes) {
    this.digest = digest;
    this.pushedAt = pushedAt;
    this.lastPulledAt = lastPulledAt;
    this.manifest = manifest;
    this.manifestMediaType = manifestMediaType;
    this.sizeInBytes = sizeInBytes;
    this.storageClass = StorageClass.STANDARD;
  }

  /**
   * An image as a test or the sandbox seeds it, by digest: its manifest is the one {@link
   * SeededManifest} writes for that digest and size.
   */
  static StoredImage of(Image image, long sizeInBytes) {
    StoredImage stored =
        new StoredImage(
            image.digest(),
            image.pushedAt(),
            image.lastPulledAt(),
            SeededManifest.write(image.digest(), sizeInBytes),
            SeededManifest.MEDIA_TYPE,
            sizeInBytes);
    stored.storageClass = image.storageClass();
    stored.archivedAt = image.archivedAt();
    stored.lastActivatedAt = image.lastActivatedAt();
    return stored;
  }

  String digest() {
    return digest;
  }

  Set<String> tags() {
    return tags;
  }

  Instant pushedAt() {
    return pushedAt;
  }

  Instant lastPulledAt() {
    return lastPulledAt;
  }

  /** A pull through BatchGetImage, recorded at once (docs/ecr-semantics.md §3.9). */
  void recordPull(Instant now) {
    lastPulledAt = now;
  }

  String manifest() {
    return manifest;
  }

  String manifestMediaType() {
    return manifestMediaType;
  }

  long sizeInBytes() {
    return sizeInBytes;
  }

  boolean archived() {
    return storageClass == StorageClass.ARCHIVE;
  }

  Instant archivedAt() {
    return archivedAt;
  }

  Instant lastActivatedAt() {
    return lastActivatedAt;
  }

  /** ECR's {@code imageStatus}; ACTIVATING is not modelled: restores complete at once. */
  String status() {
    return archived() ? "ARCHIVED" : "ACTIVE";
  }

  void archive(Instant now) {
    storageClass = StorageClass.ARCHIVE;
    archivedAt = now;
  }

  /**
   * Back to standard storage, as a re-push of an archived image does (docs/ecr-semantics.md §2.2).
   */
  void restore(Instant now) {
    storageClass = StorageClass.STANDARD;
    lastActivatedAt = now;
  }

  Image toPolicyImage() {
    return new Image(
        digest,
        List.copyOf(tags),
        pushedAt,
        lastPulledAt,
        storageClass,
        archivedAt,
        lastActivatedAt);
  }
}
