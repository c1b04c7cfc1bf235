package dev.operators.ecr.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Valid policies, repositories of images, and many spellings of one policy, drawn from a seeded
 * {@link Random} so that every failure can be replayed.
 */
public final class RandomPolicies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> WORDS =
      List.of("prod", "beta", "alpha", "rc", "dev", "release", "v1", "v2", "main", "feature");
  private static final List<String> WHITESPACE = List.of("", "", " ", "\n", "\t", "  \n  ");

  private final Random random;

  public RandomPolicies(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  /** A valid policy document with 1 to {@code maxRules} rules (at most 50). */
  public ObjectNode policy(int maxRules) {
    return policyWithRules(1 + random.nextInt(maxRules));
  }

  /**
   * A valid policy document with {@code total} rules (at most 50), most of them for standard
   * images; rules are listed in priority order.
   */
  public ObjectNode policyWithRules(int total) {
    int archive = random.nextInt(4) == 0 ? Math.min(total - 1, 1 + random.nextInt(3)) : 0;
    List<ObjectNode> standard = rulesOfClass(StorageClass.STANDARD, total - archive);
    List<ObjectNode> archived = rulesOfClass(StorageClass.ARCHIVE, archive);
    // Interleave the two classes, keeping each one's order (the "any" rule stays last in each).
    ObjectNode document = NODES.objectNode();
    ArrayNode rules = document.putArray("rules");
    Iterator<ObjectNode> s = standard.iterator();
    Iterator<ObjectNode> a = archived.iterator();
    int priority = 0;
    while (s.hasNext() || a.hasNext()) {
      boolean fromArchive = a.hasNext() && (!s.hasNext() || random.nextInt(total) < archive);
      ObjectNode rule = fromArchive ? a.next() : s.next();
      priority += 1 + random.nextInt(5);
      ObjectNode ordered = rules.addObject();
      ordered.put("rulePriority", priority);
      ordered.setAll(rule);
    }
    return document;
  }

  private List<ObjectNode> rulesOfClass(StorageClass storageClass, int count) {
    List<ObjectNode> rules = new ArrayList<>();
    boolean untaggedTaken = false;
    Set<Set<String>> prefixSets = new HashSet<>();
    Set<Set<String>> patternSets = new HashSet<>();
    for (int i = 0; i < count; i++) {
      boolean last = i == count - 1;
      ObjectNode rule = NODES.objectNode();
      if (random.nextInt(3) == 0) {
        rule.put("description", "rule " + random.nextInt(1000) + " \"quoted\" é");
      }
      ObjectNode selection = rule.putObject("selection");
      if (last && random.nextInt(3) == 0) {
        selection.put("tagStatus", "any");
      } else if (!untaggedTaken && random.nextInt(5) == 0) {
        selection.put("tagStatus", "untagged");
        untaggedTaken = true;
      } else {
        selection.put("tagStatus", "tagged");
        boolean prefixes = random.nextBoolean();
        Set<Set<String>> taken = prefixes ? prefixSets : patternSets;
        Set<String> entries;
        do {
          entries = new TreeSet<>();
          int size = 1 + (random.nextInt(4) == 0 ? 1 : 0);
          while (entries.size() < size) {
            entries.add(prefixes ? prefix() : pattern());
          }
        } while (!taken.add(entries));
        ArrayNode list = selection.putArray(prefixes ? "tagPrefixList" : "tagPatternList");
        entries.forEach(list::add);
      }
      ObjectNode action = NODES.objectNode();
      if (storageClass == StorageClass.ARCHIVE) {
        selection.put("storageClass", "archive");
        age(selection, "sinceImageTransitioned", 90 + random.nextInt(300));
        action.put("type", "expire");
      } else {
        if (random.nextInt(4) == 0) {
          selection.put("storageClass", "standard");
        }
        switch (random.nextInt(3)) {
          case 0 -> {
            selection.put("countType", "imageCountMoreThan");
            selection.put("countNumber", 1 + random.nextInt(6));
          }
          case 1 -> age(selection, "sinceImagePushed", 1 + random.nextInt(200));
          default -> age(selection, "sinceImagePulled", 1 + random.nextInt(200));
        }
        boolean pulled = selection.get("countType").asText().equals("sinceImagePulled");
        action.put("type", pulled || random.nextInt(5) == 0 ? "transition" : "expire");
        if (action.get("type").asText().equals("transition")) {
          action.put("targetStorageClass", "archive");
        }
      }
      rule.set("action", action);
      rules.add(rule);
    }
    return rules;
  }

  private void age(ObjectNode selection, String countType, int days) {
    selection.put("countType", countType);
    selection.put("countUnit", "days");
    selection.put("countNumber", days);
  }

  private String prefix() {
    String word = pick(WORDS);
    return word.substring(0, 1 + random.nextInt(word.length()));
  }

  private String pattern() {
    String word = pick(WORDS);
    return switch (random.nextInt(5)) {
      case 0 -> word + "*";
      case 1 -> "*" + word + "*";
      case 2 -> word.charAt(0) + "*" + word.substring(word.length() - 1);
      case 3 -> word + "-*";
      default -> word;
    };
  }

  /** {@code count} images with unique digests, up to 400 days old, some sharing a push time. */
  public List<Image> images(int count, Instant now) {
    List<Image> images = new ArrayList<>();
    Instant previous = now;
    for (int i = 0; i < count; i++) {
      Instant pushed =
          random.nextInt(10) == 0 ? previous : now.minusSeconds(random.nextInt(400 * 86_400));
      previous = pushed;
      List<String> tags = new ArrayList<>();
      int tagCount = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3);
      for (int t = 0; t < tagCount; t++) {
        tags.add(pick(WORDS) + (random.nextBoolean() ? "-" + random.nextInt(50) : ""));
      }
      Instant pulled = random.nextInt(5) < 2 ? null : between(pushed, now);
      boolean archived = random.nextInt(7) == 0;
      Instant archivedAt = archived ? between(pushed, now) : null;
      Instant activated = !archived && random.nextInt(10) == 0 ? between(pushed, now) : null;
      images.add(
          new Image(
              String.format("sha256:%08x%08x", i, random.nextInt()),
              tags,
              pushed,
              pulled,
              archived ? StorageClass.ARCHIVE : StorageClass.STANDARD,
              archivedAt,
              activated));
    }
    return images;
  }

  private Instant between(Instant from, Instant to) {
    long seconds = Duration.between(from, to).getSeconds();
    return from.plusSeconds(seconds <= 0 ? 0 : (long) (random.nextDouble() * seconds));
  }

  /**
   * The same policy spelled differently: rules shuffled, keys reordered, tag lists shuffled with
   * repeated entries, the default storage class written or left out, whitespace anywhere.
   */
  public String respell(JsonNode document) {
    ObjectNode copy = document.deepCopy();
    List<JsonNode> rules = new ArrayList<>();
    copy.get("rules").forEach(rules::add);
    Collections.shuffle(rules, random);
    for (JsonNode rule : rules) {
      ObjectNode selection = (ObjectNode) rule.get("selection");
      for (String name : List.of("tagPrefixList", "tagPatternList")) {
        if (selection.has(name)) {
          List<String> entries = new ArrayList<>();
          selection.get(name).forEach(e -> entries.add(e.asText()));
          entries.add(pick(entries));
          Collections.shuffle(entries, random);
          ArrayNode list = selection.putArray(name);
          entries.forEach(list::add);
        }
      }
      if (!selection.has("storageClass") && random.nextBoolean()) {
        selection.put("storageClass", "standard");
      } else if (selection.path("storageClass").asText().equals("standard")
          && random.nextBoolean()) {
        selection.remove("storageClass");
      }
    }
    ArrayNode shuffled = copy.putArray("rules");
    rules.forEach(shuffled::add);
    StringBuilder text = new StringBuilder();
    write(copy, text);
    return text.toString();
  }

  private void write(JsonNode node, StringBuilder text) {
    text.append(pick(WHITESPACE));
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      Collections.shuffle(fields, random);
      text.append('{');
      for (int i = 0; i < fields.size(); i++) {
        text.append(i == 0 ? "" : ",").append(pick(WHITESPACE));
        text.append(TextNode.valueOf(fields.get(i).getKey())).append(pick(WHITESPACE)).append(':');
        write(fields.get(i).getValue(), text);
      }
      text.append(pick(WHITESPACE)).append('}');
    } else if (node.isArray()) {
      text.append('[');
      for (int i = 0; i < node.size(); i++) {
        text.append(i == 0 ? "" : ",");
        write(node.get(i), text);
      }
      text.append(pick(WHITESPACE)).append(']');
    } else if (node.isIntegralNumber() && random.nextInt(4) == 0) {
      text.append(node.asInt()).append(".0");
    } else {
      text.append(node);
    }
    text.append(pick(WHITESPACE));
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
