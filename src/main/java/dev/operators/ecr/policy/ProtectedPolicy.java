package dev.operators.ecr.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lifecycle policy the operator applies to keep the images in use: one protection rule first,
 * then the user's rules in their order, each {@code rulePriority} one higher. The protection rule
 * selects the images that carry one of this cluster's {@link ProtectionTags} and keeps far more of
 * them than a repository can hold, so it never acts; since an image that matches a rule's tag
 * requirements cannot be expired or archived by a later rule (docs/ecr-semantics.md §E3), the
 * user's rules cannot touch them, while their count rules still count them (§E4).
 *
 * <p>The result passes the product's own validator, or says why it cannot be made (the user's
 * policy already has ECR's 50 rules, for one); a user pattern that also matches protection tags is
 * a warning.
 */
public final class ProtectedPolicy {
  /** The protection rule's priority: it comes before every rule of the user's. */
  public static final int PROTECTION_PRIORITY = 1;

  /**
   * The images the protection rule keeps: ten thousand times ECR's default quota of 100,000 images
   * per repository (docs/ecr-semantics.md §3.7), which can be raised, and within the 32-bit
   * integers the project accepts (§V21: ECR documents no maximum).
   */
  public static final int PROTECTION_COUNT = 1_000_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RULE_PATH = Pattern.compile("\\brules\\[(\\d+)]");

  private final LifecyclePolicy policy;
  private final List<PolicyProblem> problems;
  private final List<PolicyProblem> warnings;

  private ProtectedPolicy(
      LifecyclePolicy policy, List<PolicyProblem> problems, List<PolicyProblem> warnings) {
    this.policy = policy;
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /** The policy to apply for {@code userPolicy} in the cluster whose tags are {@code tags}. */
  public static ProtectedPolicy of(LifecyclePolicy userPolicy, ProtectionTags tags) {
    List<LifecyclePolicy.Rule> rules = userPolicy.rules();
    List<PolicyProblem> warnings = warnings(rules, tags);
    List<PolicyProblem> problems = new ArrayList<>();
    if (rules.size() >= PolicyValidator.MAX_RULES) {
      problems.add(
          new PolicyProblem(
              "rules",
              "has "
                  + rules.size()
                  + " rules, and ECR takes at most "
                  + PolicyValidator.MAX_RULES
                  + " (docs/ecr-semantics.md §V17): keeping the images in use needs one more,"
                  + " so merge two rules or do not protect images in use"));
    }
    LifecyclePolicy.Rule last = rules.get(rules.size() - 1);
    if (last.priority() == Integer.MAX_VALUE) {
      problems.add(
          new PolicyProblem(
              path(last) + ".rulePriority",
              "is the largest priority there is, so it cannot move one up to make room for the"
                  + " protection rule: use a smaller rulePriority"));
    }
    if (!problems.isEmpty()) {
      return new ProtectedPolicy(null, problems, warnings);
    }
    PolicyValidator.Reading reading = PolicyValidator.read(document(userPolicy, tags));
    for (PolicyProblem problem : reading.problems()) {
      problems.add(
          new PolicyProblem(
              userPaths(problem.path(), rules, "protectionRule"),
              "with the protection rule added first, "
                  + userPaths(problem.message(), rules, "the protection rule")));
    }
    return new ProtectedPolicy(reading.valid(), problems, warnings);
  }

  /** The policy to apply; empty when {@link #problems()} says why there is none. */
  public Optional<LifecyclePolicy> policy() {
    return Optional.ofNullable(policy);
  }

  /** Why the protection rule cannot be added to the user's policy; empty when it can. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  /** User rules whose tag prefixes or patterns also select this cluster's protection tags. */
  public List<PolicyProblem> warnings() {
    return warnings;
  }

  /** The priority the user's rule of {@code userPriority} has in the applied policy. */
  public static int appliedPriority(int userPriority) {
    return userPriority + 1;
  }

  private static ObjectNode document(LifecyclePolicy userPolicy, ProtectionTags tags) {
    ObjectNode user;
    try {
      user = (ObjectNode) JSON.readTree(userPolicy.canonical().json());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the canonical form is JSON", e);
    }
    ObjectNode document = JSON.createObjectNode();
    ArrayNode rules = document.putArray("rules");
    ObjectNode protection = rules.addObject();
    protection.put("rulePriority", PROTECTION_PRIORITY);
    protection.put("description", "ecr-operator: keep the images in use in this cluster");
    ObjectNode selection = protection.putObject("selection");
    selection.put("tagStatus", TagStatus.TAGGED.jsonName());
    selection.putArray("tagPatternList").add(tags.pattern());
    selection.put("storageClass", StorageClass.STANDARD.jsonName());
    selection.put("countType", CountType.IMAGE_COUNT_MORE_THAN.jsonName());
    selection.put("countNumber", PROTECTION_COUNT);
    protection.putObject("action").put("type", ActionType.EXPIRE.jsonName());
    for (var rule : user.withArray("rules")) {
      ObjectNode shifted = ((ObjectNode) rule).deepCopy();
      shifted.put("rulePriority", appliedPriority(rule.get("rulePriority").intValue()));
      rules.add(shifted);
    }
    return document;
  }

  private static List<PolicyProblem> warnings(
      List<LifecyclePolicy.Rule> rules, ProtectionTags tags) {
    List<PolicyProblem> warnings = new ArrayList<>();
    for (LifecyclePolicy.Rule rule : rules) {
      LifecyclePolicy.Selection selection = rule.selection();
      if (selection.tagStatus() != TagStatus.TAGGED) {
        continue;
      }
      for (String prefix : selection.tagPrefixes()) {
        if (prefixMatches(prefix, tags)) {
          warnings.add(warning(rule, "tagPrefixList", prefix, tags));
        }
      }
      for (String pattern : selection.tagPatterns()) {
        if (new TagPattern(pattern)
            .matchesSome(
                tags.prefix(), ProtectionTags.HEX_DIGITS, ProtectionTags.DIGEST_HEX_DIGITS)) {
          warnings.add(warning(rule, "tagPatternList", pattern, tags));
        }
      }
    }
    return warnings;
  }

  /** Whether some protection tag of this cluster starts with {@code prefix}. */
  private static boolean prefixMatches(String prefix, ProtectionTags tags) {
    String start = tags.prefix();
    if (prefix.length() <= start.length()) {
      return start.startsWith(prefix);
    }
    return prefix.startsWith(start)
        && prefix.length() <= start.length() + ProtectionTags.DIGEST_HEX_DIGITS
        && prefix
            .substring(start.length())
            .chars()
            .allMatch(c -> ProtectionTags.HEX_DIGITS.indexOf(c) >= 0);
  }

  private static PolicyProblem warning(
      LifecyclePolicy.Rule rule, String list, String entry, ProtectionTags tags) {
    boolean counts = rule.selection().countType() == CountType.IMAGE_COUNT_MORE_THAN;
    return new PolicyProblem(
        path(rule) + ".selection." + list,
        DocumentReader.quote(entry)
            + " also matches this cluster's protection tags ("
            + tags.pattern()
            + "), so this rule selects every image kept in use"
            + (counts
                ? ": they count among the "
                    + rule.selection().countNumber()
                    + " images it keeps, which leaves room for fewer of the others"
                : "")
            + "; use a "
            + (list.equals("tagPrefixList") ? "prefix" : "pattern")
            + " that cannot match them");
  }

  private static String path(LifecyclePolicy.Rule rule) {
    return "rules[rulePriority=" + rule.priority() + "]";
  }

  /**
   * {@code text} with each rule of the applied document ({@code rules[3]}) named as the user's
   * policy knows it ({@code rules[rulePriority=2]}), and the first as {@code protectionRule}.
   */
  private static String userPaths(
      String text, List<LifecyclePolicy.Rule> rules, String protectionRule) {
    Matcher rule = RULE_PATH.matcher(text);
    StringBuilder named = new StringBuilder();
    while (rule.find()) {
      int index = Integer.parseInt(rule.group(1));
      rule.appendReplacement(
          named,
          Matcher.quoteReplacement(index == 0 ? protectionRule : path(rules.get(index - 1))));
    }
    rule.appendTail(named);
    return named.toString();
  }
}
