package dev.operators.ecr.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * docs/ecr-semantics.md §2.4 written out literally, rule by rule, with regular expressions for
 * patterns: slow, but plainly the documented algorithm, to check the evaluator against.
 */
final class LiteralAlgorithm {
  private LiteralAlgorithm() {}

  /** Image digest to the priority of the rule that acts on it. */
  static Map<String, Integer> marked(LifecyclePolicy policy, List<Image> images, Instant now) {
    Map<String, LifecyclePolicy.Rule> marked = new HashMap<>();
    for (LifecyclePolicy.Rule rule : policy.rules()) {
      List<Image> selected = images.stream().filter(i -> selects(rule, i)).toList();
      int days = rule.selection().countNumber();
      List<Image> candidates =
          switch (rule.selection().countType()) {
            case IMAGE_COUNT_MORE_THAN ->
                selected.stream()
                    .sorted(
                        Comparator.comparing(LiteralAlgorithm::pushTime)
                            .reversed()
                            .thenComparing(Image::digest))
                    .skip(days)
                    .toList();
            case SINCE_IMAGE_PUSHED ->
                selected.stream().filter(i -> olderThan(pushTime(i), days, now)).toList();
            case SINCE_IMAGE_PULLED ->
                selected.stream()
                    .filter(
                        i ->
                            olderThan(
                                Stream.of(i.pushedAt(), i.lastPulledAt(), i.lastActivatedAt())
                                    .filter(t -> t != null)
                                    .max(Comparator.naturalOrder())
                                    .orElseThrow(),
                                days,
                                now))
                    .toList();
            case SINCE_IMAGE_TRANSITIONED ->
                selected.stream()
                    .filter(i -> i.archivedAt() != null && olderThan(i.archivedAt(), days, now))
                    .toList();
          };
      for (Image image : candidates) {
        if (marked.containsKey(image.digest())) {
          continue;
        }
        boolean protectedByHigher =
            policy.rules().stream()
                .anyMatch(h -> h.priority() < rule.priority() && selects(h, image));
        if (!protectedByHigher) {
          marked.put(image.digest(), rule);
        }
      }
    }
    return marked.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().priority()));
  }

  private static Instant pushTime(Image image) {
    return image.lastActivatedAt() == null ? image.pushedAt() : image.lastActivatedAt();
  }

  private static boolean olderThan(Instant time, int days, Instant now) {
    return Duration.between(time, now).compareTo(Duration.ofDays(days)) > 0;
  }

  static boolean selects(LifecyclePolicy.Rule rule, Image image) {
    LifecyclePolicy.Selection selection = rule.selection();
    if (selection.storageClass() != image.storageClass()) {
      return false;
    }
    return switch (selection.tagStatus()) {
      case ANY -> true;
      case UNTAGGED -> image.tags().isEmpty();
      case TAGGED ->
          selection.tagPrefixes().stream()
                  .allMatch(p -> image.tags().stream().anyMatch(t -> t.startsWith(p)))
              && selection.tagPatterns().stream()
                  .allMatch(g -> image.tags().stream().anyMatch(t -> glob(g).matcher(t).matches()));
    };
  }

  static Pattern glob(String pattern) {
    return Pattern.compile(
        Stream.of(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
  }
}
