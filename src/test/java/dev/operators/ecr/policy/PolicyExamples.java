package dev.operators.ecr.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The lifecycle policy examples of the ECR User Guide (docs/ecr-semantics.md §2.6): the worked
 * examples with their repositories and results, in the current ({@code tagPatternList}) and legacy
 * ({@code tagPrefixList}) wording, and the examples that give a policy only.
 */
final class PolicyExamples {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /** A documented repository, policy and the images the documentation says are expired. */
  record Example(String name, String policy, List<Image> images, Set<String> expired) {}

  private PolicyExamples() {}

  /** An image whose digest is its name in the documentation ("A", "B", ...). */
  static Image image(String name, Duration age, String... tags) {
    return Image.pushed(name, List.of(tags), NOW.minus(age));
  }

  private static Duration days(int days) {
    return Duration.ofDays(days);
  }

  private static final List<Image> MULTIPLE_RULES_REPOSITORY =
      List.of(
          image("A", days(10), "beta-1", "prod-1"),
          image("B", days(9), "beta-2", "prod-2"),
          image("C", days(8), "beta-3"));

  private static final List<Image> MULTIPLE_TAGS_A_REPOSITORY =
      List.of(
          image("A", days(12), "alpha-1"),
          image("B", days(11), "beta-1"),
          image("C", days(10), "alpha-2", "beta-2"),
          image("D", days(4), "alpha-3"),
          image("E", days(3), "beta-3"),
          image("F", days(2), "alpha-4", "beta-4"));

  private static final List<Image> MULTIPLE_TAGS_B_REPOSITORY =
      List.of(
          image("A", days(10), "alpha-1", "beta-1", "gamma-1"),
          image("B", days(9), "alpha-2", "beta-2"),
          image("C", days(8), "alpha-3", "beta-3", "gamma-2"));

  private static final List<Image> ALL_IMAGES_A_REPOSITORY =
      List.of(
          image("A", days(4), "alpha-1"),
          image("B", days(3), "beta-1"),
          image("C", days(2)),
          image("D", days(1), "alpha-2"));

  // D and E are both "pushed 1 day ago"; the documented result needs E to be the newer
  // (docs/ecr-semantics.md §2.5). E is exactly one day old, which is not older than one day.
  private static final List<Image> ALL_IMAGES_B_REPOSITORY =
      List.of(
          image("A", days(4), "alpha-1", "beta-1"),
          image("B", days(3)),
          image("C", days(2), "alpha-2"),
          image("D", days(1).plusMinutes(1), "git hash"),
          image("E", days(1)));

  private static String twoCountRules(String first, String second) {
    return """
        {
          "rules": [
            {
              "rulePriority": 1,
              "description": "Rule 1",
              "selection": {
                "tagStatus": "tagged",
                %s,
                "countType": "imageCountMoreThan",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            },
            {
              "rulePriority": 2,
              "description": "Rule 2",
              "selection": {
                "tagStatus": "tagged",
                %s,
                "countType": "imageCountMoreThan",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            }
          ]
        }
        """
        .formatted(first, second);
  }

  private static String olderThanFiveDays(String tags) {
    return """
        {
          "rules": [
            {
              "rulePriority": 1,
              "description": "Rule 1",
              "selection": {
                "tagStatus": "tagged",
                %s,
                "countType": "sinceImagePushed",
                "countNumber": 5,
                "countUnit": "days"
              },
              "action": { "type": "expire" }
            }
          ]
        }
        """
        .formatted(tags);
  }

  private static String keepOne(String tags) {
    return """
        {
          "rules": [
            {
              "rulePriority": 1,
              "description": "Rule 1",
              "selection": {
                "tagStatus": "tagged",
                %s,
                "countType": "imageCountMoreThan",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            }
          ]
        }
        """
        .formatted(tags);
  }

  private static final String ALL_IMAGES_KEEP_ONE =
      """
      {
        "rules": [
          {
            "rulePriority": 1,
            "description": "Rule 1",
            "selection": {
              "tagStatus": "any",
              "countType": "imageCountMoreThan",
              "countNumber": 1
            },
            "action": { "type": "expire" }
          }
        ]
      }
      """;

  private static String allRuleTypes(String alpha) {
    return """
        {
          "rules": [
            {
              "rulePriority": 1,
              "description": "Rule 1",
              "selection": {
                "tagStatus": "tagged",
                %s,
                "countType": "imageCountMoreThan",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            },
            {
              "rulePriority": 2,
              "description": "Rule 2",
              "selection": {
                "tagStatus": "untagged",
                "countType": "sinceImagePushed",
                "countUnit": "days",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            },
            {
              "rulePriority": 3,
              "description": "Rule 3",
              "selection": {
                "tagStatus": "any",
                "countType": "imageCountMoreThan",
                "countNumber": 1
              },
              "action": { "type": "expire" }
            }
          ]
        }
        """
        .formatted(alpha);
  }

  static final List<Example> WORKED =
      List.of(
          new Example(
              "multiple rules A",
              twoCountRules("\"tagPatternList\": [\"prod*\"]", "\"tagPatternList\": [\"beta*\"]"),
              MULTIPLE_RULES_REPOSITORY,
              Set.of("A")),
          new Example(
              "multiple rules B",
              twoCountRules("\"tagPatternList\": [\"beta*\"]", "\"tagPatternList\": [\"prod*\"]"),
              MULTIPLE_RULES_REPOSITORY,
              Set.of("A", "B")),
          new Example(
              "multiple tags A",
              olderThanFiveDays("\"tagPatternList\": [\"alpha*\", \"beta*\"]"),
              MULTIPLE_TAGS_A_REPOSITORY,
              Set.of("C")),
          new Example(
              "multiple tags B",
              keepOne("\"tagPatternList\": [\"alpha*\", \"beta*\"]"),
              MULTIPLE_TAGS_B_REPOSITORY,
              Set.of("A", "B")),
          new Example(
              "all images A", ALL_IMAGES_KEEP_ONE, ALL_IMAGES_A_REPOSITORY, Set.of("A", "B", "C")),
          new Example(
              "all images B",
              allRuleTypes("\"tagPatternList\": [\"alpha*\"]"),
              ALL_IMAGES_B_REPOSITORY,
              Set.of("A", "B", "D")),
          new Example(
              "legacy multiple rules A",
              twoCountRules("\"tagPrefixList\": [\"prod\"]", "\"tagPrefixList\": [\"beta\"]"),
              MULTIPLE_RULES_REPOSITORY,
              Set.of("A")),
          new Example(
              "legacy multiple rules B",
              twoCountRules("\"tagPrefixList\": [\"beta\"]", "\"tagPrefixList\": [\"prod\"]"),
              MULTIPLE_RULES_REPOSITORY,
              Set.of("A", "B")),
          new Example(
              "legacy multiple tags A",
              olderThanFiveDays("\"tagPrefixList\": [\"alpha\", \"beta\"]"),
              MULTIPLE_TAGS_A_REPOSITORY,
              Set.of("C")),
          new Example(
              "legacy multiple tags B",
              keepOne("\"tagPrefixList\": [\"alpha\", \"beta\"]"),
              MULTIPLE_TAGS_B_REPOSITORY,
              Set.of("A", "B")),
          new Example(
              "legacy all images A",
              ALL_IMAGES_KEEP_ONE,
              ALL_IMAGES_A_REPOSITORY,
              Set.of("A", "B", "C")),
          new Example(
              "legacy all images B",
              allRuleTypes("\"tagPrefixList\": [\"alpha\"]"),
              ALL_IMAGES_B_REPOSITORY,
              Set.of("A", "B", "D")));

  /**
   * The examples without repository contents: image age, image count, and archiving. The archive
   * policies follow docs/ecr-semantics.md §V13 (transition by last pull), §V14 (expire by time in
   * archive) and §V4 (both combined, with one "any" rule per storage class); their numbers are
   * ours.
   */
  static final List<String> POLICY_ONLY =
      List.of(
          """
          {"rules": [{"rulePriority": 1, "description": "Expire images older than 14 days",
            "selection": {"tagStatus": "tagged", "tagPatternList": ["prod*"],
              "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
            "action": {"type": "expire"}}]}
          """,
          """
          {"rules": [{"rulePriority": 1, "description": "Keep only one untagged image, expire all others",
            "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
            "action": {"type": "expire"}}]}
          """,
          """
          {"rules": [{"rulePriority": 1, "description": "Archive images not pulled for 90 days",
            "selection": {"tagStatus": "any", "countType": "sinceImagePulled",
              "countUnit": "days", "countNumber": 90},
            "action": {"type": "transition", "targetStorageClass": "archive"}}]}
          """,
          """
          {"rules": [{"rulePriority": 1, "description": "Delete images a year after archiving",
            "selection": {"tagStatus": "any", "storageClass": "archive",
              "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 365},
            "action": {"type": "expire"}}]}
          """,
          """
          {"rules": [
            {"rulePriority": 1, "description": "Archive images not pulled for 90 days",
              "selection": {"tagStatus": "any", "storageClass": "standard",
                "countType": "sinceImagePulled", "countUnit": "days", "countNumber": 90},
              "action": {"type": "transition", "targetStorageClass": "archive"}},
            {"rulePriority": 2, "description": "Delete archived images after 180 days",
              "selection": {"tagStatus": "any", "storageClass": "archive",
                "countType": "sinceImageTransitioned", "countUnit": "days", "countNumber": 180},
              "action": {"type": "expire"}}]}
          """);
}
