package dev.operators.ecr.policy;

/**
 * A compiled {@code tagPatternList} entry: {@code *} matches any run of characters, including none;
 * without {@code *} the pattern must equal the whole tag (docs/ecr-semantics.md §2.3, [INFERRED]).
 * Matching is case-sensitive (docs/ecr-semantics.md §2.3, L).
 */
final class TagPattern {
  /** The literal pieces between the wildcards; {@code "a*b*"} gives {@code ["a", "b", ""]}. */
  private final String[] pieces;

  TagPattern(String pattern) {
    this.pieces = pattern.split("\\*", -1);
  }

  boolean matches(String tag) {
    String first = pieces[0];
    if (pieces.length == 1) {
      return tag.equals(first);
    }
    String last = pieces[pieces.length - 1];
    if (tag.length() < first.length() + last.length()
        || !tag.startsWith(first)
        || !tag.endsWith(last)) {
      return false;
    }
    // The leftmost place for each middle piece leaves the most room for the pieces after it.
    int from = first.length();
    int end = tag.length() - last.length();
    for (int i = 1; i < pieces.length - 1; i++) {
      int at = tag.indexOf(pieces[i], from);
      if (at < 0 || at + pieces[i].length() > end) {
        return false;
      }
      from = at + pieces[i].length();
    }
    return true;
  }
}
