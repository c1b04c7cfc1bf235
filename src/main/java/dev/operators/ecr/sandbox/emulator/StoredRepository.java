package dev.operators.ecr.sandbox.emulator;

import dev.operators.ecr.policy.ImageAction;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One emulated repository with its settings, policies and images; guarded by the state lock. */
final class StoredRepository {
  static final String MUTABLE = "MUTABLE";
  static final String IMMUTABLE = "IMMUTABLE";
  static final String MUTABLE_WITH_EXCLUSION = "MUTABLE_WITH_EXCLUSION";
  static final String IMMUTABLE_WITH_EXCLUSION = "IMMUTABLE_WITH_EXCLUSION";

  /** The last preview started, with the text as submitted (docs/ecr-semantics.md §V22). */
  record Preview(String policyText, List<ImageAction> actions) {}

  private final String registryId;
  private final String name;
  private final String arn;
  private final String uri;
  private final Instant createdAt;
  private final String encryptionType;
  private final String kmsKey;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Map<String, StoredImage> images = new TreeMap<>();
  private String imageTagMutability = MUTABLE;
  private List<String> exclusionFilters = List.of();
  private boolean scanOnPush;
  private String lifecyclePolicyText;
  private Instant lifecycleLastEvaluatedAt;
  private String repositoryPolicyText;
  private Preview preview;

  StoredRepository(
      String registryId,
      String name,
      String arn,
      String uri,
      Instant createdAt,
      String encryptionType,
      String kmsKey) {
    this.registryId = registryId;
    this.name = name;
    this.arn = arn;
    this.uri = uri;
    this.createdAt = createdAt;
    this.encryptionType = encryptionType;
    this.kmsKey = kmsKey;
  }

  String registryId() {
    return registryId;
  }

  String name() {
    return name;
  }

  String arn() {
    return arn;
  }

  String uri() {
    return uri;
  }

  Instant createdAt() {
    return createdAt;
  }

  String encryptionType() {
    return encryptionType;
  }

  String kmsKey() {
    return kmsKey;
  }

  Map<String, String> tags() {
    return tags;
  }

  String imageTagMutability() {
    return imageTagMutability;
  }

  List<String> exclusionFilters() {
    return exclusionFilters;
  }

  void setImageTagMutability(String mutability, List<String> filters) {
    imageTagMutability = mutability;
    exclusionFilters = List.copyOf(filters);
  }

  boolean scanOnPush() {
    return scanOnPush;
  }

  void setScanOnPush(boolean scanOnPush) {
    this.scanOnPush = scanOnPush;
  }

  Optional<String> lifecyclePolicyText() {
    return Optional.ofNullable(lifecyclePolicyText);
  }

  void setLifecyclePolicyText(String text) {
    lifecyclePolicyText = text;
  }

  Instant lifecycleLastEvaluatedAt() {
    return lifecycleLastEvaluatedAt;
  }

  void setLifecycleLastEvaluatedAt(Instant at) {
    lifecycleLastEvaluatedAt = at;
  }

  Optional<String> repositoryPolicyText() {
    return Optional.ofNullable(repositoryPolicyText);
  }

  void setRepositoryPolicyText(String text) {
    repositoryPolicyText = text;
  }

  Optional<Preview> preview() {
    return Optional.ofNullable(preview);
  }

  void setPreview(Preview preview) {
    this.preview = preview;
  }

  /** Images ordered by digest. */
  Collection<StoredImage> images() {
    return images.values();
  }

  Optional<StoredImage> imageByDigest(String digest) {
    return Optional.ofNullable(images.get(digest));
  }

  Optional<StoredImage> imageByTag(String tag) {
    return images.values().stream().filter(i -> i.tags().contains(tag)).findFirst();
  }

  void removeImage(String digest) {
    images.remove(digest);
  }

  /**
   * Stores {@code candidate} (or finds the image with its digest) and points {@code tags} at it,
   * moving them off other images where the repository lets tags move.
   */
  StoredImage push(StoredImage candidate, Collection<String> newTags, Instant now) {
    for (String tag : newTags) {
      Optional<StoredImage> holder = imageByTag(tag);
      if (holder.isPresent()
          && !holder.get().digest().equals(candidate.digest())
          && tagImmutable(tag)) {
        throw EcrError.clientError(
            "ImageTagAlreadyExistsException",
            "The image tag '"
                + tag
                + "' already exists in the '"
                + name
                + "' repository and cannot be overwritten because the repository is immutable.");
      }
    }
    StoredImage image = images.get(candidate.digest());
    if (image == null) {
      image = candidate;
      images.put(image.digest(), image);
    } else if (image.archived()) {
      image.restore(now);
    }
    for (String tag : newTags) {
      for (StoredImage other : images.values()) {
        other.tags().remove(tag);
      }
      image.tags().add(tag);
    }
    return image;
  }

  private boolean tagImmutable(String tag) {
    boolean excluded = exclusionFilters.stream().anyMatch(f -> wildcard(f).matcher(tag).matches());
    return switch (imageTagMutability) {
      case IMMUTABLE -> true;
      case IMMUTABLE_WITH_EXCLUSION -> !excluded;
      case MUTABLE_WITH_EXCLUSION -> excluded;
      default -> false;
    };
  }

  private static Pattern wildcard(String filter) {
    return Pattern.compile(
        Arrays.stream(filter.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*")));
  }
}
