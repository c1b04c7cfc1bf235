package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.sync.SyncResult.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The repository's own settings: tag mutability and scan on push are set when they differ; the
 * encryption, fixed at creation, can only be reported.
 */
final class RepositorySettingsSync {
  private final EcrPort ecr;

  RepositorySettingsSync(EcrPort ecr) {
    this.ecr = ecr;
  }

  /** Writes the settings that differ; returns the writes made. */
  List<Change> apply(DesiredRepository desired, RepositoryInfo actual) {
    RepositorySettings wanted = desired.settings();
    List<Change> changes = new ArrayList<>();
    if (wanted.imageTagMutability() != null
        && (!wanted.imageTagMutability().equals(actual.imageTagMutability())
            || !Set.copyOf(filters(wanted)).equals(Set.copyOf(actual.exclusionFilters())))) {
      ecr.putImageTagMutability(desired.ref(), wanted.imageTagMutability(), filters(wanted));
      changes.add(Change.TAG_MUTABILITY_UPDATED);
    }
    if (wanted.scanOnPush() != null && wanted.scanOnPush() != actual.scanOnPush()) {
      ecr.putImageScanningConfiguration(desired.ref(), wanted.scanOnPush());
      changes.add(Change.SCAN_ON_PUSH_UPDATED);
    }
    return changes;
  }

  /** What differs and ECR cannot change, for a person to resolve; empty when nothing does. */
  Optional<String> mismatch(DesiredRepository desired, RepositoryInfo actual) {
    Encryption wanted = desired.settings().encryption();
    if (wanted == null || sameEncryption(wanted, actual.encryption())) {
      return Optional.empty();
    }
    return Optional.of(
        "ECR repository "
            + desired.ref()
            + " is encrypted with "
            + describe(actual.encryption())
            + " but the spec asks for "
            + describe(wanted)
            + ". ECR cannot change the encryption of a repository: restore spec.encryption,"
            + " or move the images to a new repository");
  }

  private static List<String> filters(RepositorySettings settings) {
    return settings.exclusionFilters() == null ? List.of() : settings.exclusionFilters();
  }

  // ECR reports a KMS key as an ARN; the spec may name it by ARN, key ID or alias. An alias cannot
  // be resolved without KMS, so only a type, a different ARN or a different key ID is a mismatch.
  static boolean sameEncryption(Encryption wanted, Encryption actual) {
    String actualType = actual == null ? "AES256" : actual.type();
    if (!wanted.type().equals(actualType)) {
      return false;
    }
    String key = wanted.kmsKey();
    String actualKey = actual == null ? null : actual.kmsKey();
    if (key == null || actualKey == null || key.startsWith("alias/") || key.contains(":alias/")) {
      return true;
    }
    return key.startsWith("arn:") ? key.equals(actualKey) : actualKey.endsWith("/" + key);
  }

  private static String describe(Encryption encryption) {
    if (encryption == null) {
      return "AES256";
    }
    return encryption.kmsKey() == null
        ? encryption.type()
        : encryption.type() + " (key " + encryption.kmsKey() + ")";
  }
}
