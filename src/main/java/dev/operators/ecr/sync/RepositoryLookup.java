package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.desired.DesiredRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether the repository exists: found, or created when it is not there. */
final class RepositoryLookup {
  private final EcrPort ecr;

  RepositoryLookup(EcrPort ecr) {
    this.ecr = ecr;
  }

  /**
   * The repository as ECR holds it, and its tags.
   *
   * @param created whether this pass created it (with every desired tag)
   */
  record Found(RepositoryInfo repository, Map<String, String> tags, boolean created) {}

  /**
   * @param mayExist whether the repository may be in ECR already: then it is looked up first;
   *     otherwise it is created straight away
   */
  Found findOrCreate(DesiredRepository desired, Recorded recorded, boolean mayExist) {
    Optional<Found> existing = mayExist ? lookUp(desired, recorded) : Optional.empty();
    return existing.isPresent() ? existing.get() : createUnlessItExists(desired);
  }

  /**
   * The repository as ECR holds it, or empty when it does not exist. When the status recorded the
   * repository and the spec manages none of the settings only DescribeRepositories reports (tag
   * mutability, scan on push, encryption), its tags are read by ARN straight away instead: they
   * tell whether it still exists, and a description would add nothing the status does not hold.
   */
  private Optional<Found> lookUp(DesiredRepository desired, Recorded recorded) {
    RepositoryRef ref = desired.ref();
    if (recorded.arn() == null
        || recorded.uri() == null
        || recorded.registryId() == null
        || managesDescribedSettings(desired.settings())) {
      return ecr.describeRepository(ref).map(repository -> withTags(ref, repository));
    }
    Map<String, String> tags;
    try {
      tags = ecr.listTags(ref, recorded.arn());
    } catch (EcrException e) {
      if (e.kind() == EcrErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    RepositoryInfo repository =
        new RepositoryInfo(
            ref.name(),
            recorded.arn(),
            recorded.uri(),
            recorded.registryId(),
            null,
            null,
            List.of(),
            false,
            null);
    return Optional.of(new Found(repository, tags, false));
  }

  private static boolean managesDescribedSettings(RepositorySettings settings) {
    return settings.imageTagMutability() != null
        || settings.scanOnPush() != null
        || settings.encryption() != null;
  }

  /**
   * Creates the repository; the owner tag is part of the create call, so a repository is never left
   * without its owner. When ECR answers that it already exists (an earlier pass created it and
   * stopped before its status was written, or someone else did), it is looked up and returned, to
   * be claimed as if it had been found first.
   */
  private Found createUnlessItExists(DesiredRepository desired) {
    RepositoryInfo created;
    try {
      created = ecr.createRepository(desired.ref(), desired.settings(), desired.allTags());
    } catch (EcrException e) {
      if (e.kind() != EcrErrorKind.ALREADY_EXISTS) {
        throw e;
      }
      Optional<RepositoryInfo> existing = ecr.describeRepository(desired.ref());
      if (existing.isEmpty()) {
        throw e; // deleted since, or not yet visible (ECR is eventually consistent): retried
      }
      return withTags(desired.ref(), existing.get());
    }
    return new Found(created, desired.allTags(), true);
  }

  private Found withTags(RepositoryRef ref, RepositoryInfo repository) {
    return new Found(repository, ecr.listTags(ref, repository.arn()), false);
  }
}
