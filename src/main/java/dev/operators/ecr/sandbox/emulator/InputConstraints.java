package dev.operators.ecr.sandbox.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The constraints ECR's model and service put on request members (docs/ecr-semantics.md §3.2-§3.5).
 */
final class InputConstraints {
  /** The OCI-compliant pattern of the current model (docs/ecr-semantics.md §3.4). */
  static final String REPOSITORY_NAME_REGEX =
      "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*";

  static final int MIN_REPOSITORY_NAME = 2;
  static final int MAX_REPOSITORY_NAME = 256;
  static final int MAX_TAGS_PER_REPOSITORY = 50;
  static final int MAX_TAG_KEY = 128;
  static final int MAX_TAG_VALUE = 256;
  static final String RESERVED_TAG_PREFIX = "aws:";
  static final int MIN_IMAGE_TAG = 1;
  static final int MAX_IMAGE_TAG = 300;
  static final int MAX_EXCLUSION_FILTERS = 5;
  static final int MAX_IMAGE_MANIFEST = 4_194_304;
  static final int MAX_ACCEPTED_MEDIA_TYPES = 100;
  static final Set<String> IMAGE_TAG_MUTABILITIES =
      Set.of(
          StoredRepository.MUTABLE,
          StoredRepository.IMMUTABLE,
          StoredRepository.MUTABLE_WITH_EXCLUSION,
          StoredRepository.IMMUTABLE_WITH_EXCLUSION);

  private static final Pattern REPOSITORY_NAME = Pattern.compile(REPOSITORY_NAME_REGEX);
  private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
  private static final Pattern EXCLUSION_FILTER = Pattern.compile("[0-9a-zA-Z._*-]{1,128}");
  private static final Pattern DIGEST = Pattern.compile("[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+");

  private InputConstraints() {}

  /** The request's {@code repositoryName}, required and well formed. */
  static String repositoryName(RequestBody body) {
    String name = body.requiredString("repositoryName");
    checkRepositoryName(name);
    return name;
  }

  static boolean isRepositoryName(String name) {
    return name.length() >= MIN_REPOSITORY_NAME
        && name.length() <= MAX_REPOSITORY_NAME
        && REPOSITORY_NAME.matcher(name).matches();
  }

  static void checkRepositoryName(String name) {
    if (name.length() < MIN_REPOSITORY_NAME || name.length() > MAX_REPOSITORY_NAME) {
      throw EcrError.invalidParameter(
          "repositoryName",
          "Member must have length between " + MIN_REPOSITORY_NAME + " and " + MAX_REPOSITORY_NAME);
    }
    if (!REPOSITORY_NAME.matcher(name).matches()) {
      // moto's wording (docs/ecr-semantics.md §3.3), including its unbalanced quotes.
      throw EcrError.clientError(
          "InvalidParameterException",
          "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy"
              + " regular expression '"
              + REPOSITORY_NAME_REGEX
              + "'");
    }
  }

  /** A {@code registryId} may only name the emulator's own account. */
  static void checkRegistryId(RequestBody body, String accountId) {
    body.string("registryId")
        .ifPresent(
            id -> {
              if (!REGISTRY_ID.matcher(id).matches()) {
                throw EcrError.invalidParameter(
                    "registryId", "must satisfy regular expression '[0-9]{12}'");
              }
              if (!id.equals(accountId)) {
                throw EcrError.invalidParameter(
                    "registryId", "only the registry of account " + accountId + " is emulated");
              }
            });
  }

  static String oneOf(String member, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      throw EcrError.invalidParameter(
          member, "Member must satisfy enum value set: " + allowed.stream().sorted().toList());
    }
    return value;
  }

  /** A {@code tags} list as a map, every key and value within ECR's limits. */
  static Map<String, String> tags(List<RequestBody> list) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (RequestBody tag : list) {
      String key = tag.requiredString("Key");
      String value = tag.requiredString("Value");
      checkTagKey(key);
      if (value.codePointCount(0, value.length()) > MAX_TAG_VALUE) {
        throw EcrError.invalidTagParameter(
            "The value of tag '" + key + "' is longer than " + MAX_TAG_VALUE + " characters");
      }
      if (tags.put(key, value) != null) {
        throw EcrError.invalidTagParameter("The tag key '" + key + "' appears more than once");
      }
    }
    return tags;
  }

  static void checkTagKey(String key) {
    int length = key.codePointCount(0, key.length());
    if (length < 1 || length > MAX_TAG_KEY) {
      throw EcrError.invalidTagParameter(
          "Tag keys must be between 1 and " + MAX_TAG_KEY + " characters: '" + key + "'");
    }
    // AWS reserves the prefix in any mix of upper and lower case.
    if (key.toLowerCase(java.util.Locale.ROOT).startsWith(RESERVED_TAG_PREFIX)) {
      throw EcrError.invalidTagParameter(
          "Tag keys starting with '" + RESERVED_TAG_PREFIX + "' are reserved: '" + key + "'");
    }
  }

  /** The limit applies to the tags a repository would hold after the request. */
  static void checkTagCount(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS_PER_REPOSITORY) {
      throw EcrError.tooManyTags(MAX_TAGS_PER_REPOSITORY);
    }
  }

  /**
   * Exclusion filters belong with the {@code *_WITH_EXCLUSION} modes, which need 1 to 5 of them.
   */
  static List<String> exclusionFilters(String mutability, RequestBody body) {
    String member = "imageTagMutabilityExclusionFilters";
    Optional<List<RequestBody>> given = body.structures(member);
    // docs/ecr-semantics.md §3.2 (the model's 1..5), [INFERRED] that ECR checks the minimum on a
    // list sent empty: no filters is the member left out, not [].
    if (given.isPresent() && given.get().isEmpty()) {
      throw EcrError.invalidParameter(member, "Member must have length greater than or equal to 1");
    }
    List<RequestBody> filters = given.orElse(List.of());
    boolean withExclusion = mutability.endsWith("_WITH_EXCLUSION");
    if (withExclusion && (filters.isEmpty() || filters.size() > MAX_EXCLUSION_FILTERS)) {
      throw EcrError.invalidParameter(
          member,
          mutability + " needs between 1 and " + MAX_EXCLUSION_FILTERS + " exclusion filters");
    }
    if (!withExclusion && !filters.isEmpty()) {
      throw EcrError.invalidParameter(
          member, "exclusion filters can only be used with *_WITH_EXCLUSION tag mutability");
    }
    return filters.stream()
        .map(
            filter -> {
              oneOf(
                  member + ".filterType", filter.requiredString("filterType"), Set.of("WILDCARD"));
              String value = filter.requiredString("filter");
              if (!EXCLUSION_FILTER.matcher(value).matches()) {
                throw EcrError.invalidParameter(
                    member + ".filter",
                    "must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$'");
              }
              return value;
            })
        .toList();
  }

  static void checkImageTag(String member, String tag) {
    if (tag.length() < MIN_IMAGE_TAG || tag.length() > MAX_IMAGE_TAG) {
      throw EcrError.invalidParameter(
          member, "Member must have length between " + MIN_IMAGE_TAG + " and " + MAX_IMAGE_TAG);
    }
  }

  /** A list member of the model's {@code min: 1}, {@code max}. */
  static void checkItemCount(String member, int count, int max) {
    if (count < 1 || count > max) {
      throw EcrError.invalidParameter(member, "Member must have between 1 and " + max + " items");
    }
  }

  /** The manifest's length, 1 to 4,194,304 characters (docs/ecr-semantics.md §3.3). */
  static void checkImageManifest(String manifest) {
    int length = manifest.codePointCount(0, manifest.length());
    if (length < 1 || length > MAX_IMAGE_MANIFEST) {
      throw EcrError.invalidParameter(
          "imageManifest", "Member must have length between 1 and " + MAX_IMAGE_MANIFEST);
    }
  }

  /**
   * BatchGetImage's {@code acceptedMediaTypes}, 1 to 100 when given (docs/ecr-semantics.md §3.9).
   */
  static Optional<List<String>> acceptedMediaTypes(RequestBody body) {
    Optional<List<String>> types = body.strings("acceptedMediaTypes");
    types.ifPresent(
        list -> checkItemCount("acceptedMediaTypes", list.size(), MAX_ACCEPTED_MEDIA_TYPES));
    return types;
  }

  static boolean validDigest(String digest) {
    return DIGEST.matcher(digest).matches();
  }
}
