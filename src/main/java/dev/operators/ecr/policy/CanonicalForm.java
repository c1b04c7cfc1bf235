package dev.operators.ecr.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes validated rules as compact JSON with one text per meaning: rules by priority, tag lists
 * sorted without duplicates, keys in the order of ECR's documented template, no whitespace.
 *
 * <p>ECR rejects policy text under 100 characters (docs/ecr-semantics.md §V18). Nothing is padded:
 * every rule carries at least rulePriority, tagStatus, countType, countNumber and an action type,
 * so the shortest text written here is 138 characters.
 */
final class CanonicalForm {
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CanonicalForm() {}

  /** {@code rules} must already be sorted by priority with sorted, distinct tag lists. */
  static CanonicalPolicy of(List<LifecyclePolicy.Rule> rules) {
    String json = write(rules, true);
    return new CanonicalPolicy(json, write(rules, false), digest(json));
  }

  /**
   * With {@code explicitDefaults} every default is written out ({@code storageClass: standard}),
   * for comparison. Without, the default storage class is left out so that the text also works
   * where ECR has no archive feature.
   */
  private static String write(List<LifecyclePolicy.Rule> rules, boolean explicitDefaults) {
    ObjectNode document = NODES.objectNode();
    ArrayNode array = document.putArray("rules");
    for (LifecyclePolicy.Rule rule : rules) {
      ObjectNode node = array.addObject();
      node.put("rulePriority", rule.priority());
      // An absent and an empty description mean the same; both are left out.
      if (!rule.description().isEmpty()) {
        node.put("description", rule.description());
      }
      node.set("selection", selection(rule.selection(), explicitDefaults));
      ObjectNode action = node.putObject("action");
      action.put("type", rule.action().jsonName());
      if (rule.action() == ActionType.TRANSITION) {
        action.put("targetStorageClass", StorageClass.ARCHIVE.jsonName());
      }
    }
    try {
      return WRITER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of plain JSON nodes", e);
    }
  }

  private static ObjectNode selection(
      LifecyclePolicy.Selection selection, boolean explicitDefaults) {
    ObjectNode node = NODES.objectNode();
    node.put("tagStatus", selection.tagStatus().jsonName());
    if (!selection.tagPatterns().isEmpty()) {
      selection.tagPatterns().forEach(node.putArray("tagPatternList")::add);
    }
    if (!selection.tagPrefixes().isEmpty()) {
      selection.tagPrefixes().forEach(node.putArray("tagPrefixList")::add);
    }
    if (explicitDefaults || selection.storageClass() != StorageClass.STANDARD) {
      node.put("storageClass", selection.storageClass().jsonName());
    }
    node.put("countType", selection.countType().jsonName());
    if (selection.countType().isAge()) {
      node.put("countUnit", DocumentReader.DAYS);
    }
    node.put("countNumber", selection.countNumber());
    return node;
  }

  static String digest(String json) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
