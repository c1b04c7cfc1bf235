package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.sync.SyncResult.Change;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repository's tags. Only the keys the spec declares, and those it declared before (recorded on
 * the status), are this operator's; tags anyone else added are left alone.
 */
final class RepositoryTagsSync {
  private final EcrPort ecr;

  RepositoryTagsSync(EcrPort ecr) {
    this.ecr = ecr;
  }

  /**
   * Sets the tags that differ and removes those the operator managed and the spec dropped.
   *
   * @param actual the tags the repository carries
   * @param managedBefore the keys the status recorded as this operator's; null when none
   * @return {@code TAGS_UPDATED} when anything was written
   */
  Optional<Change> apply(
      DesiredRepository desired,
      String arn,
      Map<String, String> actual,
      List<String> managedBefore) {
    Map<String, String> wanted = desired.allTags();
    Map<String, String> toSet = new TreeMap<>();
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(actual.get(key))) {
            toSet.put(key, value);
          }
        });
    Set<String> toRemove = new TreeSet<>();
    if (managedBefore != null) {
      for (String key : managedBefore) {
        if (!wanted.containsKey(key) && actual.containsKey(key)) {
          toRemove.add(key);
        }
      }
    }
    if (!toSet.isEmpty()) {
      ecr.tagResource(desired.ref(), arn, toSet);
    }
    if (!toRemove.isEmpty()) {
      ecr.untagResource(desired.ref(), arn, toRemove);
    }
    return toSet.isEmpty() && toRemove.isEmpty()
        ? Optional.empty()
        : Optional.of(Change.TAGS_UPDATED);
  }
}
