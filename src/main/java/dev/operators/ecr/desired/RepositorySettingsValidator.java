package dev.operators.ecr.desired;

import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EncryptionSpec;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.policy.RepositoryPolicy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates the repository's own settings in a spec (tag mutability, scan on push, encryption,
 * tags, repository policy) as ECR and admission would, adding every problem to the list given, and
 * returns them in ECR's terms. No I/O.
 */
final class RepositorySettingsValidator {
  private static final int MAX_SPEC_TAGS = 49;
  private static final List<String> TAG_MUTABILITIES =
      List.of("MUTABLE", "IMMUTABLE", "MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION");
  private static final List<String> ENCRYPTION_TYPES = List.of("AES256", "KMS", "KMS_DSSE");
  private static final Pattern EXCLUSION_FILTER = Pattern.compile("^[0-9a-zA-Z._*-]{1,128}$");

  private RepositorySettingsValidator() {}

  static RepositorySettings settings(EcrRepositorySpec spec, List<SpecProblem> problems) {
    String mutability = spec.getImageTagMutability();
    List<String> filters = spec.getImageTagMutabilityExclusionFilters();
    tagMutability(mutability, filters, problems);
    Encryption encryption = encryption(spec.getEncryption(), problems);
    return new RepositorySettings(mutability, filters, spec.getScanOnPush(), encryption);
  }

  /** spec.imageTagMutability and spec.imageTagMutabilityExclusionFilters, as ECR checks them. */
  static void tagMutability(String mutability, List<String> filters, List<SpecProblem> problems) {
    if (mutability != null && !TAG_MUTABILITIES.contains(mutability)) {
      problems.add(
          new SpecProblem(
              "spec.imageTagMutability",
              "'" + mutability + "' is not one of " + String.join(", ", TAG_MUTABILITIES)));
    }
    boolean exclusions = mutability != null && mutability.endsWith("_WITH_EXCLUSION");
    if (filters != null && !exclusions) {
      problems.add(
          new SpecProblem(
              "spec.imageTagMutabilityExclusionFilters",
              "only apply with imageTagMutability MUTABLE_WITH_EXCLUSION or"
                  + " IMMUTABLE_WITH_EXCLUSION; set one, or remove the filters"));
    } else if (exclusions && (filters == null || filters.isEmpty() || filters.size() > 5)) {
      problems.add(
          new SpecProblem(
              "spec.imageTagMutabilityExclusionFilters",
              mutability + " needs 1 to 5 exclusion filters, such as latest or dev-*"));
    }
    if (filters != null) {
      for (int i = 0; i < filters.size(); i++) {
        if (filters.get(i) == null || !EXCLUSION_FILTER.matcher(filters.get(i)).matches()) {
          problems.add(
              new SpecProblem(
                  "spec.imageTagMutabilityExclusionFilters[" + i + "]",
                  "a filter is 1 to 128 letters, digits, '.', '_', '-' or '*'"));
        }
      }
    }
  }

  /** spec.encryption in ECR's terms; null when absent. */
  static Encryption encryption(EncryptionSpec declared, List<SpecProblem> problems) {
    Encryption encryption = null;
    if (declared != null) {
      if (declared.getType() == null) {
        problems.add(
            new SpecProblem("spec.encryption.type", "is required: AES256, KMS or KMS_DSSE"));
      } else if (!ENCRYPTION_TYPES.contains(declared.getType())) {
        problems.add(
            new SpecProblem(
                "spec.encryption.type", "must be one of " + String.join(", ", ENCRYPTION_TYPES)));
      } else if (declared.getKmsKey() != null
          && (declared.getKmsKey().isEmpty() || declared.getKmsKey().length() > 2048)) {
        problems.add(
            new SpecProblem(
                "spec.encryption.kmsKey",
                "must be 1 to 2048 characters; got " + declared.getKmsKey().length()));
      } else if (declared.getKmsKey() != null && "AES256".equals(declared.getType())) {
        problems.add(
            new SpecProblem(
                "spec.encryption.kmsKey",
                "only applies with type KMS or KMS_DSSE; remove it, or change the type"));
      }
      encryption = new Encryption(declared.getType(), declared.getKmsKey());
    }
    return encryption;
  }

  // docs/ecr-semantics.md §3.5: 50 tags per repository, one of which is the owner tag.
  static Map<String, String> tags(EcrRepositorySpec spec, List<SpecProblem> problems) {
    return tags(
        spec.getTags(),
        "spec.tags",
        MAX_SPEC_TAGS,
        "ECR allows 50 per repository and the operator's owner tag takes one, so at most "
            + MAX_SPEC_TAGS,
        problems);
  }

  /**
   * Tags as ECR checks them, the operator's owner tag key reserved; only those with a value are
   * returned, null when {@code tags} is.
   *
   * @param path the spec field, such as {@code spec.tags}
   * @param limit the sentence saying why at most {@code max}
   */
  static Map<String, String> tags(
      Map<String, String> tags, String path, int max, String limit, List<SpecProblem> problems) {
    if (tags == null) {
      return null;
    }
    if (tags.size() > max) {
      problems.add(new SpecProblem(path, "has " + tags.size() + " tags; " + limit));
    }
    for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
      String key = tag.getKey();
      String keyPath = path + "[" + key + "]";
      if (key.isEmpty() || key.length() > 128) {
        problems.add(new SpecProblem(keyPath, "a tag key is 1 to 128 characters"));
      } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        problems.add(new SpecProblem(keyPath, "keys starting with aws: are reserved by AWS"));
      } else if (key.equals(Owner.TAG_KEY)) {
        problems.add(
            new SpecProblem(keyPath, "is reserved: the operator records the owner in this tag"));
      }
      if (tag.getValue() == null) {
        problems.add(
            new SpecProblem(keyPath, "a tag value is a string of 0 to 256 characters, not null"));
      } else if (tag.getValue().length() > 256) {
        problems.add(new SpecProblem(keyPath, "a tag value is 0 to 256 characters"));
      }
    }
    // A null value is a problem above; what is returned holds only the tags that have a value.
    Map<String, String> kept = new TreeMap<>();
    tags.forEach(
        (key, value) -> {
          if (value != null) {
            kept.put(key, value);
          }
        });
    return Map.copyOf(kept);
  }

  static DesiredRepositoryPolicy repositoryPolicy(
      EcrRepositorySpec spec, List<SpecProblem> problems) {
    return permissionPolicy(spec.getRepositoryPolicy(), "spec.repositoryPolicy", problems);
  }

  /**
   * A permission policy (IAM JSON) declared at {@code path}, a repository's or the registry's; null
   * when absent or invalid (then with its problems added).
   */
  static DesiredRepositoryPolicy permissionPolicy(
      String text, String path, List<SpecProblem> problems) {
    if (text == null) {
      return null;
    }
    try {
      return new DesiredRepositoryPolicy(text, RepositoryPolicy.parse(text));
    } catch (InvalidPolicyException e) {
      for (PolicyProblem p : e.problems()) {
        problems.add(DesiredState.textProblem(path, p));
      }
      return null;
    }
  }
}
