package dev.operators.ecr.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every check ECR makes on a lifecycle policy document; an empty list means valid.
 *
 * <p>One deliberate difference from ECR: when no rule has a {@code rulePriority}, the rules are
 * numbered 1..n in list order instead of being rejected, as the Kubernetes spec allows. The text
 * the operator sends to ECR ({@link CanonicalPolicy#ecrJson()}) always carries the priorities.
 */
public final class PolicyValidator {
  /** docs/ecr-semantics.md §V17: rules per lifecycle policy, not adjustable. */
  static final int MAX_RULES = 50;

  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private PolicyValidator() {}

  /**
   * Checks policy text: also its length (docs/ecr-semantics.md §V18), JSON syntax and repeated keys
   * (§V1).
   */
  public static List<PolicyProblem> validate(String json) {
    return read(json).problems();
  }

  /** Checks a parsed document, for example one built from a Kubernetes spec. */
  public static List<PolicyProblem> validate(JsonNode document) {
    return read(document).problems();
  }

  /** A valid policy, or the problems that stop a document being one. */
  record Reading(LifecyclePolicy valid, List<PolicyProblem> problems) {
    LifecyclePolicy policy() {
      if (!problems.isEmpty()) {
        throw new InvalidPolicyException(problems);
      }
      return valid;
    }
  }

  static Reading read(String text) {
    Objects.requireNonNull(text, "text");
    List<PolicyProblem> problems = new ArrayList<>();
    int length = text.codePointCount(0, text.length());
    if (length < LifecyclePolicy.MIN_TEXT_LENGTH || length > LifecyclePolicy.MAX_TEXT_LENGTH) {
      // No valid policy is shorter than 100 characters, even written compactly; see
      // LifecyclePolicyTest. So the minimum only adds to other problems.
      problems.add(
          new PolicyProblem(
              DocumentReader.ROOT,
              "the policy text is "
                  + length
                  + " characters long; ECR accepts "
                  + LifecyclePolicy.MIN_TEXT_LENGTH
                  + " to "
                  + LifecyclePolicy.MAX_TEXT_LENGTH));
    }
    JsonNode document;
    try (JsonParser parser = STRICT_JSON.createParser(text)) {
      document = STRICT_JSON.readTree(parser);
      if (document == null) {
        problems.add(
            new PolicyProblem(
                DocumentReader.ROOT,
                "the policy text is empty; write a JSON object like {\"rules\": [...]}"));
        return new Reading(null, problems);
      }
      if (parser.nextToken() != null) {
        problems.add(
            new PolicyProblem(
                DocumentReader.ROOT,
                "not valid JSON"
                    + at(parser.currentTokenLocation())
                    + ": more text follows the policy object; remove it"));
        return new Reading(null, problems);
      }
    } catch (JsonProcessingException e) {
      problems.add(new PolicyProblem(DocumentReader.ROOT, describe(e)));
      return new Reading(null, problems);
    } catch (IOException e) {
      throw new IllegalStateException("reading from a String cannot fail", e);
    }
    Reading reading = read(document);
    if (problems.isEmpty()) {
      return reading;
    }
    problems.addAll(reading.problems());
    return new Reading(null, problems);
  }

  static Reading read(JsonNode document) {
    Objects.requireNonNull(document, "document");
    List<PolicyProblem> problems = new ArrayList<>();
    DocumentReader.Document read = new DocumentReader(problems).read(document);
    checkAcrossRules(read, problems);
    if (!problems.isEmpty()) {
      return new Reading(null, problems);
    }
    List<LifecyclePolicy.Rule> rules =
        read.rules().stream()
            .map(DocumentReader.Draft::rule)
            .sorted(Comparator.comparingInt(LifecyclePolicy.Rule::priority))
            .toList();
    CanonicalPolicy canonical = CanonicalForm.of(rules);
    // docs/ecr-semantics.md §V18 applies to the text actually sent, which may differ in length
    // from the text given (priorities added, whitespace and duplicates removed).
    int sent = canonical.ecrJson().codePointCount(0, canonical.ecrJson().length());
    if (sent > LifecyclePolicy.MAX_TEXT_LENGTH) {
      return new Reading(
          null,
          List.of(
              new PolicyProblem(
                  DocumentReader.ROOT,
                  "the policy is "
                      + sent
                      + " characters long as sent to ECR; ECR accepts at most "
                      + LifecyclePolicy.MAX_TEXT_LENGTH
                      + ": shorten descriptions or remove rules")));
    }
    return new Reading(
        new LifecyclePolicy(rules, read.prioritiesFromListOrder(), canonical), List.of());
  }

  private static void checkAcrossRules(
      DocumentReader.Document document, List<PolicyProblem> problems) {
    List<DocumentReader.Draft> rules = document.rules();
    uniquePriorities(rules, problems);
    for (StorageClass storageClass : StorageClass.values()) {
      List<DocumentReader.Draft> inClass =
          rules.stream().filter(r -> r.selection().storageClass() == storageClass).toList();
      anyRuleComesLast(inClass, storageClass, document.prioritiesFromListOrder(), problems);
      oneUntaggedRule(inClass, storageClass, problems);
      uniqueTagSets(
          inClass,
          storageClass,
          "tagPrefixList",
          "prefixes",
          r -> r.selection().tagPrefixes(),
          problems);
      uniqueTagSets(
          inClass,
          storageClass,
          "tagPatternList",
          "patterns",
          r -> r.selection().tagPatterns(),
          problems);
    }
  }

  /** docs/ecr-semantics.md §V3. */
  private static void uniquePriorities(
      List<DocumentReader.Draft> rules, List<PolicyProblem> problems) {
    Map<Integer, DocumentReader.Draft> byPriority = new HashMap<>();
    for (DocumentReader.Draft rule : rules) {
      if (rule.priority() == null) {
        continue;
      }
      DocumentReader.Draft earlier = byPriority.putIfAbsent(rule.priority(), rule);
      if (earlier != null) {
        problems.add(
            new PolicyProblem(
                rule.path() + ".rulePriority",
                "priority "
                    + rule.priority()
                    + " is also used by "
                    + earlier.path()
                    + "; give each rule its own rulePriority"));
      }
    }
  }

  /**
   * docs/ecr-semantics.md §V4, M: per storage class, the "any" rule has the highest priority;
   * hence, [INFERRED], at most one "any" rule per storage class.
   */
  private static void anyRuleComesLast(
      List<DocumentReader.Draft> rules,
      StorageClass storageClass,
      boolean fromListOrder,
      List<PolicyProblem> problems) {
    List<DocumentReader.Draft> anyRules =
        rules.stream().filter(r -> r.selection().tagStatus() == TagStatus.ANY).toList();
    if (anyRules.isEmpty()) {
      return;
    }
    DocumentReader.Draft anyRule = anyRules.get(0);
    for (DocumentReader.Draft other : anyRules.subList(1, anyRules.size())) {
      problems.add(
          new PolicyProblem(
              other.path() + ".selection.tagStatus",
              "only one rule per storage class may have tagStatus \"any\", and "
                  + anyRule.path()
                  + " already does for storageClass "
                  + DocumentReader.quote(storageClass.jsonName())
                  + "; merge the two rules"));
    }
    if (anyRule.priority() == null) {
      return;
    }
    rules.stream()
        .filter(r -> r.selection().tagStatus() != TagStatus.ANY && r.priority() != null)
        .max(Comparator.comparingInt(DocumentReader.Draft::priority))
        .filter(last -> last.priority() > anyRule.priority())
        .ifPresent(
            last ->
                problems.add(
                    fromListOrder
                        ? new PolicyProblem(
                            anyRule.path(),
                            "a rule with tagStatus \"any\" must come after every other "
                                + DocumentReader.quote(storageClass.jsonName())
                                + " rule; move it after "
                                + last.path())
                        : new PolicyProblem(
                            anyRule.path() + ".rulePriority",
                            "a rule with tagStatus \"any\" must have the highest rulePriority of"
                                + " the "
                                + DocumentReader.quote(storageClass.jsonName())
                                + " rules, but "
                                + last.path()
                                + " has "
                                + last.priority()
                                + "; give this rule a priority above "
                                + last.priority())));
  }

  /** docs/ecr-semantics.md §V15; an "any" rule does not count as selecting untagged images. */
  private static void oneUntaggedRule(
      List<DocumentReader.Draft> rules, StorageClass storageClass, List<PolicyProblem> problems) {
    List<DocumentReader.Draft> untagged =
        rules.stream().filter(r -> r.selection().tagStatus() == TagStatus.UNTAGGED).toList();
    for (DocumentReader.Draft other : untagged.stream().skip(1).toList()) {
      problems.add(
          new PolicyProblem(
              other.path() + ".selection.tagStatus",
              "only one rule per storage class may select untagged images, and "
                  + untagged.get(0).path()
                  + " already does for storageClass "
                  + DocumentReader.quote(storageClass.jsonName())
                  + "; merge the two rules"));
    }
  }

  /**
   * docs/ecr-semantics.md §V16, L [INFERRED]: "a unique set of prefixes" per storage class, read
   * as: no two tagged rules of one storage class have the same set of prefixes (or the same set of
   * patterns). The later of two such rules could never act: every image it selects is protected by
   * the earlier.
   */
  private static void uniqueTagSets(
      List<DocumentReader.Draft> rules,
      StorageClass storageClass,
      String listName,
      String entries,
      Function<DocumentReader.Draft, List<String>> list,
      List<PolicyProblem> problems) {
    Map<Set<String>, DocumentReader.Draft> bySet = new HashMap<>();
    for (DocumentReader.Draft rule : rules) {
      if (rule.selection().tagStatus() != TagStatus.TAGGED || list.apply(rule) == null) {
        continue;
      }
      DocumentReader.Draft earlier = bySet.putIfAbsent(new TreeSet<>(list.apply(rule)), rule);
      if (earlier != null) {
        problems.add(
            new PolicyProblem(
                rule.path() + ".selection." + listName,
                "has the same tag "
                    + entries
                    + " as "
                    + earlier.path()
                    + "; each rule of storageClass "
                    + DocumentReader.quote(storageClass.jsonName())
                    + " needs a different set of "
                    + entries
                    + " (this rule could never act), so change or merge them"));
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    String detail = e.getOriginalMessage();
    if (detail.startsWith("Duplicate field")) {
      detail += "; each key may appear only once in an object";
    }
    return "not valid JSON" + at(e.getLocation()) + ": " + detail;
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
