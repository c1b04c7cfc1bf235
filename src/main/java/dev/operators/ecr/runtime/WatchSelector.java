package dev.operators.ecr.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Kubernetes label selector on the EcrRepositories one operator instance takes (a shard, see
 * docs/design.md, "Shards"): requirements joined by commas, each {@code key=value} (or {@code ==}),
 * {@code key!=value}, {@code key in (v1,v2)}, {@code key notin (v1,v2)}, {@code key} (the label is
 * there) or {@code !key} (it is not), with Kubernetes' meaning: {@code !=} and {@code notin} also
 * match a resource without the label. The empty selector takes everything.
 *
 * @param requirements in canonical order (by key, then operator, then values); empty for everything
 */
public record WatchSelector(List<Requirement> requirements) {

  /** No selector: every resource. */
  public static final WatchSelector EVERYTHING = new WatchSelector(List.of());

  // A label name, and the optional DNS subdomain prefix of a key (Kubernetes' qualified names).
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int NAME_MAX = 63;
  private static final int PREFIX_MAX = 253;
  // Hex digits of the selector's digest in the name of its lease.
  private static final int LEASE_SUFFIX = 10;

  public WatchSelector {
    requirements =
        requirements.stream()
            .sorted(
                Comparator.comparing(Requirement::key)
                    .thenComparing(Requirement::operator)
                    .thenComparing(r -> String.join(",", r.values())))
            .toList();
  }

  /** How a requirement compares a resource's label with its values. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /**
   * One requirement on one label.
   *
   * @param values sorted and distinct; one for {@code =} and {@code !=}, none for exists and not
   *     exists
   */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      values = List.copyOf(new TreeSet<>(values));
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case EQUALS -> key + "=" + values.get(0);
        case NOT_EQUALS -> key + "!=" + values.get(0);
        case IN -> key + " in (" + String.join(",", values) + ")";
        case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
        case EXISTS -> key;
        case DOES_NOT_EXIST -> "!" + key;
      };
    }
  }

  /**
   * Parses a selector as {@code kubectl -l} takes it; null or blank is {@link #EVERYTHING}.
   *
   * @throws IllegalArgumentException saying which requirement is wrong and how
   */
  public static WatchSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : split(text)) {
      requirements.add(requirement(part.strip()));
    }
    return new WatchSelector(requirements);
  }

  /** Whether this is the empty selector, taking every resource. */
  public boolean everything() {
    return requirements.isEmpty();
  }

  /** Whether a resource with these labels is taken. */
  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  /**
   * Whether this instance takes resources that carry no label at all: the instance with no
   * selector, or the default instance beside the shards ({@code !ecr.operators.dev/shard}). Among
   * instances whose selectors do not overlap, at most one does, and it alone reconciles the
   * cluster-scoped kinds (docs/design.md, "Shards").
   */
  public boolean takesUnlabelled() {
    return matches(Map.of());
  }

  /**
   * The name of the leader Lease of the instances with this selector: {@code base}, a dash, and the
   * first hex digits of the SHA-256 of {@link #toString()}, so that replicas of one shard share a
   * lease and two shards never do. {@code base} unchanged for the empty selector.
   */
  public String leaseName(String base) {
    if (everything()) {
      return base;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
      return base + "-" + HexFormat.of().formatHex(digest).substring(0, LEASE_SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The canonical form, as sent to the API server: requirements sorted, values sorted. */
  @Override
  public String toString() {
    return String.join(",", requirements.stream().map(Requirement::toString).toList());
  }

  // Commas inside the parentheses of in and notin belong to the value list.
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static final Pattern SET =
      Pattern.compile("(?<key>[^\\s!=()]+)\\s+(?<op>in|notin)\\s*\\((?<values>[^()]*)\\)");

  private static Requirement requirement(String part) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException("an empty requirement (two commas, or one at an end)");
    }
    var set = SET.matcher(part);
    if (set.matches()) {
      List<String> values = new ArrayList<>();
      for (String value : set.group("values").split(",", -1)) {
        values.add(value(part, value.strip()));
      }
      if (set.group("values").isBlank()) {
        throw new IllegalArgumentException(
            "'" + part + "': " + set.group("op") + " needs at least one value in its parentheses");
      }
      return new Requirement(
          key(part, set.group("key")),
          set.group("op").equals("in") ? Operator.IN : Operator.NOT_IN,
          values);
    }
    if (part.startsWith("!") && !part.contains("=")) {
      return new Requirement(
          key(part, part.substring(1).strip()), Operator.DOES_NOT_EXIST, List.of());
    }
    int notEquals = part.indexOf("!=");
    if (notEquals > 0) {
      return new Requirement(
          key(part, part.substring(0, notEquals).strip()),
          Operator.NOT_EQUALS,
          List.of(value(part, part.substring(notEquals + 2).strip())));
    }
    int equals = part.indexOf('=');
    if (equals > 0) {
      int after = part.startsWith("==", equals) ? equals + 2 : equals + 1;
      return new Requirement(
          key(part, part.substring(0, equals).strip()),
          Operator.EQUALS,
          List.of(value(part, part.substring(after).strip())));
    }
    if (part.contains("<") || part.contains(">") || part.contains("(") || part.contains(" ")) {
      throw new IllegalArgumentException(
          "'"
              + part
              + "' is no requirement: write key=value, key!=value, key in (v1,v2), key notin"
              + " (v1,v2), key or !key");
    }
    return new Requirement(key(part, part), Operator.EXISTS, List.of());
  }

  private static String key(String part, String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null && (prefix.length() > PREFIX_MAX || !PREFIX.matcher(prefix).matches())) {
      throw new IllegalArgumentException(
          "'"
              + part
              + "': the key's prefix '"
              + prefix
              + "' is no DNS subdomain (lower-case letters, digits, '-' and '.', at most 253"
              + " characters)");
    }
    if (name.length() > NAME_MAX || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + part
              + "': the key's name '"
              + name
              + "' must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a"
              + " letter or digit");
    }
    return key;
  }

  private static String value(String part, String value) {
    if (!value.isEmpty() && (value.length() > NAME_MAX || !NAME.matcher(value).matches())) {
      throw new IllegalArgumentException(
          "'"
              + part
              + "': the value '"
              + value
              + "' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a"
              + " letter or digit");
    }
    return value;
  }
}
