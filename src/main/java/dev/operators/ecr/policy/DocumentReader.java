package dev.operators.ecr.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a policy document into rule drafts, reporting every problem that lies within one rule:
 * required and unknown fields, JSON types, allowed values, and how a rule's own fields fit together
 * (docs/ecr-semantics.md §V1, §V2, §V5-§V14, §V19, §V21).
 */
final class DocumentReader {
  static final String ROOT = "$";
  static final String DAYS = "days";

  private static final List<String> DOCUMENT_FIELDS = List.of("rules");
  private static final List<String> RULE_FIELDS =
      List.of("rulePriority", "description", "selection", "action");
  private static final List<String> SELECTION_FIELDS =
      List.of(
          "tagStatus",
          "tagPatternList",
          "tagPrefixList",
          "storageClass",
          "countType",
          "countUnit",
          "countNumber");
  private static final List<String> ACTION_FIELDS = List.of("type", "targetStorageClass");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final BigDecimal LARGEST_INTEGER = BigDecimal.valueOf(Integer.MAX_VALUE);

  /** docs/ecr-semantics.md §V8: wildcards per tag pattern. */
  private static final int MAX_WILDCARDS = 4;

  /** docs/ecr-semantics.md §V14: archived images stay in archive at least this many days. */
  private static final int MIN_DAYS_IN_ARCHIVE = 90;

  private final List<PolicyProblem> problems;

  DocumentReader(List<PolicyProblem> problems) {
    this.problems = problems;
  }

  /** The rules as read, in document order, and whether their priorities come from that order. */
  record Document(List<Draft> rules, boolean prioritiesFromListOrder) {}

  /** Everything that could be read of one rule; a field is null where the document is wrong. */
  record Draft(
      int index,
      Integer priority,
      String description,
      SelectionDraft selection,
      ActionType action) {

    String path() {
      return "rules[" + index + "]";
    }

    /** Only for a draft of a document without problems. */
    LifecyclePolicy.Rule rule() {
      return new LifecyclePolicy.Rule(
          priority,
          description,
          new LifecyclePolicy.Selection(
              selection.tagStatus(),
              asSet(selection.tagPrefixes()),
              asSet(selection.tagPatterns()),
              selection.storageClass(),
              selection.countType(),
              selection.countNumber()),
          action);
    }

    // docs/ecr-semantics.md §V21, L: repeated entries are accepted; every entry must match, so
    // they change nothing and are dropped.
    private static List<String> asSet(List<String> entries) {
      return entries == null ? List.of() : List.copyOf(new TreeSet<>(entries));
    }
  }

  /**
   * What could be read of a rule's selection; a field is null where the document is wrong.
   *
   * @param tagPrefixes null when absent or when an entry is wrong; the same for tagPatterns
   */
  record SelectionDraft(
      TagStatus tagStatus,
      List<String> tagPrefixes,
      List<String> tagPatterns,
      StorageClass storageClass,
      CountType countType,
      Integer countNumber) {
    static final SelectionDraft MISSING = new SelectionDraft(null, null, null, null, null, null);
  }

  Document read(JsonNode document) {
    if (!document.isObject()) {
      problem(ROOT, "must be a JSON object like {\"rules\": [...]}; found " + kind(document));
      return new Document(List.of(), false);
    }
    onlyKnownFields(document, "", DOCUMENT_FIELDS, "a lifecycle policy");
    JsonNode rules = field(document, "", "rules", "add a \"rules\" list with at least one rule");
    if (rules == null) {
      return new Document(List.of(), false);
    }
    if (!rules.isArray()) {
      problem("rules", "must be a list of rules; found " + kind(rules));
      return new Document(List.of(), false);
    }
    if (rules.isEmpty()) {
      problem("rules", "must contain at least one rule");
    }
    if (rules.size() > PolicyValidator.MAX_RULES) {
      problem(
          "rules",
          "has "
              + rules.size()
              + " rules; ECR allows at most "
              + PolicyValidator.MAX_RULES
              + ", so merge or remove rules");
    }
    // Kubernetes specs may leave out every rulePriority: the rules are then numbered in order.
    boolean fromListOrder = true;
    for (JsonNode rule : rules) {
      fromListOrder &= !rule.has("rulePriority");
    }
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Draft draft = rule(rules.get(i), i, fromListOrder);
      if (draft != null) {
        drafts.add(draft);
      }
    }
    return new Document(drafts, fromListOrder);
  }

  private Draft rule(JsonNode rule, int index, boolean fromListOrder) {
    String path = "rules[" + index + "]";
    if (!rule.isObject()) {
      problem(
          path, "must be an object with rulePriority, selection and action; found " + kind(rule));
      return null;
    }
    onlyKnownFields(rule, path, RULE_FIELDS, "a rule");

    Integer priority = index + 1;
    if (!fromListOrder) {
      JsonNode value =
          field(
              rule,
              path,
              "rulePriority",
              "other rules have a rulePriority, so every rule needs one (or remove them all to"
                  + " number the rules in list order)");
      // docs/ecr-semantics.md §V3, L [INFERRED]: priorities below 1 are rejected.
      priority = value == null ? null : integer(value, child(path, "rulePriority"));
    }
    // docs/ecr-semantics.md §V21, L: a description has no length limit of its own; the text has
    // one (§V18).
    JsonNode descriptionValue = optionalField(rule, path, "description");
    String description =
        descriptionValue == null ? "" : text(descriptionValue, path, "description");

    String selectionPath = child(path, "selection");
    JsonNode selectionNode =
        objectField(
            rule, path, "selection", "add a selection with tagStatus, countType and countNumber");
    SelectionDraft selection =
        selectionNode == null ? SelectionDraft.MISSING : selection(selectionNode, selectionPath);

    String actionPath = child(path, "action");
    JsonNode actionNode =
        objectField(rule, path, "action", "add an action such as {\"type\": \"expire\"}");
    ActionType action = actionNode == null ? null : action(actionNode, actionPath);
    checkActionFitsCount(selectionPath, actionPath, selection, action);
    return new Draft(index, priority, description, selection, action);
  }

  private SelectionDraft selection(JsonNode selection, String path) {
    onlyKnownFields(selection, path, SELECTION_FIELDS, "a selection");
    TagStatus tagStatus =
        choice(selection, path, "tagStatus", TagStatus.values(), TagStatus::jsonName, true);
    List<String> prefixes = tagList(selection, path, "tagPrefixList", "prefix");
    List<String> patterns = tagList(selection, path, "tagPatternList", "pattern");
    checkTagLists(selection, path, tagStatus);
    StorageClass storageClass =
        selection.has("storageClass")
            ? choice(
                selection,
                path,
                "storageClass",
                StorageClass.values(),
                StorageClass::jsonName,
                false)
            : StorageClass.STANDARD;
    CountType countType =
        choice(selection, path, "countType", CountType.values(), CountType::jsonName, true);
    checkCountUnit(selection, path, countType);
    JsonNode number =
        field(selection, path, "countNumber", "set countNumber to a whole number from 1");
    // docs/ecr-semantics.md §V10: countNumber >= 1; §V21: ECR integers are 32-bit, larger ones
    // are rejected.
    Integer countNumber = number == null ? null : integer(number, child(path, "countNumber"));
    checkStorageClass(path, storageClass, countType);
    return new SelectionDraft(tagStatus, prefixes, patterns, storageClass, countType, countNumber);
  }

  private ActionType action(JsonNode action, String path) {
    onlyKnownFields(action, path, ACTION_FIELDS, "an action");
    ActionType type = choice(action, path, "type", ActionType.values(), ActionType::jsonName, true);
    checkTarget(action, path, type);
    return type;
  }

  /** docs/ecr-semantics.md §V5, §V6, §V7, §V21. */
  private void checkTagLists(JsonNode selection, String path, TagStatus tagStatus) {
    JsonNode prefixes = presentList(selection, "tagPrefixList");
    JsonNode patterns = presentList(selection, "tagPatternList");
    if (tagStatus == TagStatus.TAGGED) {
      if (prefixes != null && patterns != null) {
        problem(
            path,
            "has both tagPrefixList and tagPatternList; keep only one (a pattern such as \"prod*\""
                + " also matches by prefix)");
      } else if (prefixes == null && patterns == null) {
        problem(
            path,
            "tagStatus \"tagged\" needs a non-empty tagPatternList or tagPrefixList; add one, for"
                + " example \"tagPatternList\": [\"prod*\"]");
      }
      // docs/ecr-semantics.md §V21, L: an empty list does not count as the list §V5 requires.
      for (String name : List.of("tagPrefixList", "tagPatternList")) {
        JsonNode list = presentList(selection, name);
        if (list != null && list.isArray() && list.isEmpty()) {
          problem(
              child(path, name),
              "must not be empty when tagStatus is \"tagged\"; add at least one entry");
        }
      }
    } else if (tagStatus != null) {
      for (String name : List.of("tagPrefixList", "tagPatternList")) {
        if (selection.has(name) && !selection.get(name).isNull()) {
          problem(
              child(path, name),
              "is only allowed when tagStatus is \"tagged\"; remove it, or set tagStatus to"
                  + " \"tagged\"");
        }
      }
    }
  }

  /** docs/ecr-semantics.md §V9. */
  private void checkCountUnit(JsonNode selection, String path, CountType countType) {
    String unitPath = child(path, "countUnit");
    JsonNode unit = optionalField(selection, path, "countUnit");
    if (unit != null && !unit.isTextual()) {
      problem(unitPath, "must be \"days\"; found " + kind(unit));
    } else if (unit != null && !DAYS.equals(unit.textValue())) {
      problem(unitPath, "must be \"days\"; found " + quote(unit.textValue()));
    }
    if (countType == null) {
      return;
    }
    if (countType.isAge() && !selection.has("countUnit")) {
      problem(
          unitPath,
          "countUnit must be \"days\" when countType is "
              + countType.jsonName()
              + "; add \"countUnit\": \"days\"");
    } else if (!countType.isAge() && unit != null) {
      problem(
          unitPath,
          "is not allowed when countType is imageCountMoreThan, whose countNumber is a number of"
              + " images; remove countUnit");
    }
  }

  /** docs/ecr-semantics.md §V12. */
  private void checkStorageClass(String path, StorageClass storageClass, CountType countType) {
    if (storageClass == null || countType == null) {
      return;
    }
    String storagePath = child(path, "storageClass");
    if (countType == CountType.SINCE_IMAGE_TRANSITIONED && storageClass != StorageClass.ARCHIVE) {
      problem(
          storagePath,
          "countType sinceImageTransitioned selects archived images; set \"storageClass\":"
              + " \"archive\"");
    } else if (countType != CountType.SINCE_IMAGE_TRANSITIONED
        && storageClass == StorageClass.ARCHIVE) {
      problem(
          storagePath,
          "storageClass \"archive\" only works with countType sinceImageTransitioned, not "
              + countType.jsonName()
              + "; change the countType, or set storageClass to \"standard\"");
    }
  }

  /** docs/ecr-semantics.md §V11. */
  private void checkTarget(JsonNode action, String path, ActionType type) {
    String targetPath = child(path, "targetStorageClass");
    JsonNode target = optionalField(action, path, "targetStorageClass");
    if (target != null && !(target.isTextual() && target.textValue().equals("archive"))) {
      problem(
          targetPath,
          "must be \"archive\"; found "
              + (target.isTextual() ? quote(target.textValue()) : kind(target)));
    }
    if (type == ActionType.TRANSITION && !action.has("targetStorageClass")) {
      problem(
          targetPath,
          "is required when type is \"transition\"; add \"targetStorageClass\": \"archive\"");
    } else if (type == ActionType.EXPIRE && target != null) {
      // docs/ecr-semantics.md §V11, [INFERRED]: a target with expire is rejected.
      problem(targetPath, "is only allowed when type is \"transition\"; remove it");
    }
  }

  /** docs/ecr-semantics.md §V13, §V14. */
  private void checkActionFitsCount(
      String selectionPath, String actionPath, SelectionDraft selection, ActionType action) {
    CountType countType = selection.countType();
    Integer countNumber = selection.countNumber();
    String typePath = child(actionPath, "type");
    if (countType == CountType.SINCE_IMAGE_PULLED && action == ActionType.EXPIRE) {
      problem(
          typePath,
          "countType sinceImagePulled can only transition images; set \"type\": \"transition\""
              + " with \"targetStorageClass\": \"archive\", then expire them with a"
              + " sinceImageTransitioned rule on storageClass \"archive\"");
    }
    if (countType == CountType.SINCE_IMAGE_TRANSITIONED && action == ActionType.TRANSITION) {
      problem(
          typePath,
          "countType sinceImageTransitioned can only expire images; set \"type\": \"expire\"");
    }
    // docs/ecr-semantics.md §V14, [INFERRED]: ECR keeps archived images at least 90 days.
    if (countType == CountType.SINCE_IMAGE_TRANSITIONED
        && countNumber != null
        && countNumber < MIN_DAYS_IN_ARCHIVE) {
      problem(
          child(selectionPath, "countNumber"),
          "must be at least "
              + MIN_DAYS_IN_ARCHIVE
              + " with countType sinceImageTransitioned, because ECR keeps archived images at"
              + " least "
              + MIN_DAYS_IN_ARCHIVE
              + " days; found "
              + countNumber);
    }
  }

  /** A list of tag prefixes or patterns; null when absent or when any entry is wrong. */
  private List<String> tagList(JsonNode selection, String path, String name, String entryName) {
    JsonNode list = optionalField(selection, path, name);
    String listPath = child(path, name);
    if (list == null) {
      return null;
    }
    if (!list.isArray()) {
      problem(
          listPath,
          "must be a list of strings; "
              + (list.isTextual()
                  ? "write [" + quote(list.textValue()) + "]"
                  : "found " + kind(list)));
      return null;
    }
    List<String> entries = new ArrayList<>();
    boolean allRight = true;
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String entryPath = listPath + "[" + i + "]";
      String wrong = null;
      if (!entry.isTextual()) {
        wrong = "must be a " + entryName + " string; found " + kind(entry);
      } else if (entry.textValue().isEmpty()) {
        // docs/ecr-semantics.md §V21, L: an empty entry is rejected.
        wrong = "must not be empty; remove it or write a " + entryName;
      } else if (entryName.equals("pattern") && wildcards(entry.textValue()) > MAX_WILDCARDS) {
        wrong =
            "has "
                + wildcards(entry.textValue())
                + " wildcards (*); a pattern may have at most "
                + MAX_WILDCARDS;
      }
      if (wrong != null) {
        problem(entryPath, wrong);
        allRight = false;
      } else {
        entries.add(entry.textValue());
      }
    }
    return allRight ? entries : null;
  }

  private static long wildcards(String pattern) {
    return pattern.chars().filter(c -> c == '*').count();
  }

  /** The value of an allowed-values field, or null when absent (if required) or wrong. */
  private <E extends Enum<E>> E choice(
      JsonNode object,
      String path,
      String name,
      E[] values,
      Function<E, String> jsonName,
      boolean required) {
    String allowed =
        Stream.of(values).map(v -> quote(jsonName.apply(v))).collect(Collectors.joining(", "));
    JsonNode value =
        required
            ? field(object, path, name, "set " + name + " to one of " + allowed)
            : optionalField(object, path, name);
    if (value == null) {
      return null;
    }
    String text = value.isTextual() ? value.textValue() : null;
    // docs/ecr-semantics.md §V21, L: values are case-sensitive, as the documentation writes them.
    for (E candidate : values) {
      if (jsonName.apply(candidate).equals(text)) {
        return candidate;
      }
    }
    String found = text == null ? kind(value) : quote(text);
    String hint =
        Stream.of(values)
            .map(jsonName)
            .filter(v -> v.equalsIgnoreCase(text))
            .findFirst()
            .map(v -> "; values are case-sensitive: write " + quote(v))
            .orElse("");
    problem(child(path, name), "must be one of " + allowed + "; found " + found + hint);
    return null;
  }

  /**
   * A whole number from 1 to 2^31-1. An integral 1.0 counts as 1: the text sent to ECR writes 1, so
   * a policy that went through YAML or a float-typed tool is not rejected for its spelling.
   */
  private Integer integer(JsonNode value, String path) {
    boolean infinite =
        (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue());
    if (!value.isNumber() || infinite) {
      problem(path, "must be a whole number; found " + kind(value));
      return null;
    }
    BigDecimal number = value.decimalValue();
    if (number.stripTrailingZeros().scale() > 0) {
      problem(path, "must be a whole number; found " + value);
      return null;
    }
    if (number.compareTo(BigDecimal.ONE) < 0) {
      problem(path, "must be at least 1; found " + value);
      return null;
    }
    if (number.compareTo(LARGEST_INTEGER) > 0) {
      problem(
          path,
          "must be at most "
              + Integer.MAX_VALUE
              + " (ECR stores a 32-bit integer); found "
              + value);
      return null;
    }
    return number.intValueExact();
  }

  private String text(JsonNode value, String path, String name) {
    if (!value.isTextual()) {
      problem(child(path, name), "must be a string; found " + kind(value));
      return null;
    }
    return value.textValue();
  }

  private JsonNode objectField(JsonNode object, String path, String name, String fix) {
    JsonNode value = field(object, path, name, fix);
    if (value != null && !value.isObject()) {
      problem(child(path, name), "must be an object; found " + kind(value) + "; " + fix);
      return null;
    }
    return value;
  }

  /**
   * A required field's value; null, reported, when absent or JSON null (docs/ecr-semantics.md §V2,
   * §V19).
   */
  private JsonNode field(JsonNode object, String path, String name, String fix) {
    JsonNode value = object.get(name);
    if (value == null) {
      problem(child(path, name), "is required; " + fix);
      return null;
    }
    if (value.isNull()) {
      problem(child(path, name), "must not be null; " + fix);
      return null;
    }
    return value;
  }

  /**
   * An optional field's value; null when absent, or JSON null, which ECR rejects
   * (docs/ecr-semantics.md §V19).
   */
  private JsonNode optionalField(JsonNode object, String path, String name) {
    JsonNode value = object.get(name);
    if (value != null && value.isNull()) {
      problem(child(path, name), "must not be null; leave the field out instead");
      return null;
    }
    return value;
  }

  /** docs/ecr-semantics.md §V2: unknown fields are rejected at every level. */
  private void onlyKnownFields(JsonNode object, String path, List<String> known, String what) {
    object
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                String hint =
                    known.stream()
                        .filter(k -> k.equalsIgnoreCase(name))
                        .findFirst()
                        .map(k -> " (did you mean " + quote(k) + "?)")
                        .orElse("");
                problem(
                    child(path, name),
                    "unknown field"
                        + hint
                        + "; "
                        + what
                        + " may only have "
                        + String.join(", ", known));
              }
            });
  }

  private static JsonNode presentList(JsonNode selection, String name) {
    JsonNode list = selection.get(name);
    return list == null || list.isNull() ? null : list;
  }

  private void problem(String path, String message) {
    problems.add(new PolicyProblem(path, message));
  }

  static String child(String path, String name) {
    if (PLAIN_KEY.matcher(name).matches()) {
      return path.isEmpty() ? name : path + "." + name;
    }
    return (path.isEmpty() ? ROOT : path) + "[" + quote(name) + "]";
  }

  static String quote(String text) {
    return TextNode.valueOf(text).toString();
  }

  static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
