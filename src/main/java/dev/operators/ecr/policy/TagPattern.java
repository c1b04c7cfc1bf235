package dev.operators.ecr.policy;

import java.util.function.IntPredicate;

/**
 * A compiled {@code tagPatternList} entry: {@code *} matches any run of characters, including none;
 * without {@code *} the pattern must equal the whole tag (docs/ecr-semantics.md §2.3, [INFERRED]).
 * Matching is case-sensitive (docs/ecr-semantics.md §2.3, L).
 */
final class TagPattern {
  private final String pattern;

  /** The literal pieces between the wildcards; {@code "a*b*"} gives {@code ["a", "b", ""]}. */
  private final String[] pieces;

  TagPattern(String pattern) {
    this.pattern = pattern;
    this.pieces = pattern.split("\\*", -1);
  }

  /**
   * Whether the pattern matches at least one tag made of {@code start} followed by exactly {@code
   * length} characters taken from {@code alphabet}: a walk through the pattern, one step per
   * character, keeping every place in it the tag read so far can have reached.
   */
  boolean matchesSome(String start, String alphabet, int length) {
    boolean[] places = skipWildcards(new boolean[pattern.length() + 1], 0);
    for (int i = 0; i < start.length(); i++) {
      char next = start.charAt(i);
      places = step(places, c -> c == next);
    }
    for (int i = 0; i < length; i++) {
      places = step(places, c -> alphabet.indexOf(c) >= 0);
    }
    return places[pattern.length()];
  }

  /** The places reached by reading one character that {@code accepted} allows. */
  private boolean[] step(boolean[] places, IntPredicate accepted) {
    boolean[] next = new boolean[places.length];
    for (int at = 0; at < pattern.length(); at++) {
      if (!places[at]) {
        continue;
      }
      char expected = pattern.charAt(at);
      if (expected == '*') {
        skipWildcards(next, at);
      } else if (accepted.test(expected)) {
        skipWildcards(next, at + 1);
      }
    }
    return next;
  }

  /** Marks {@code at} and the places after the run of {@code *} that starts there. */
  private boolean[] skipWildcards(boolean[] places, int at) {
    places[at] = true;
    while (at < pattern.length() && pattern.charAt(at) == '*') {
      places[++at] = true;
    }
    return places;
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
