package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Tag patterns match as docs/ecr-semantics.md §E9 and §2.3 describe. */
class TagPatternTest {

  @Test
  void theDocumentedExamplesMatch() {
    TagPattern prod = new TagPattern("prod*");
    assertTrue(prod.matches("prod"));
    assertTrue(prod.matches("prod1"));
    assertTrue(prod.matches("production-team1"));
    assertFalse(prod.matches("my-prod"));
    TagPattern inside = new TagPattern("*prod*");
    assertTrue(inside.matches("repo-production"));
    assertTrue(inside.matches("prod-team"));
    assertFalse(inside.matches("pro-d"));
  }

  @Test
  void withoutWildcardThePatternIsTheWholeTag() {
    assertTrue(new TagPattern("latest").matches("latest"));
    assertFalse(new TagPattern("latest").matches("latest-1"));
    assertFalse(new TagPattern("latest").matches("Latest"));
  }

  @Test
  void piecesMayNotOverlap() {
    assertFalse(new TagPattern("ab*ba").matches("aba"));
    assertTrue(new TagPattern("ab*ba").matches("abba"));
    assertFalse(new TagPattern("a*aa*a").matches("aaa"));
    assertTrue(new TagPattern("a*aa*a").matches("aaaa"));
  }

  @Test
  void agreesWithARegularExpressionOnRandomInput() {
    repeat(
        42,
        20_000,
        random -> {
          String pattern = randomText(random, "ab*", 6);
          String tag = randomText(random, "ab", 7);
          assertEquals(
              LiteralAlgorithm.glob(pattern).matcher(tag).matches(),
              new TagPattern(pattern).matches(tag),
              () -> pattern + " against " + tag);
        });
  }

  @Test
  void findsATagOfAGivenFormThatMatches() {
    TagPattern any = new TagPattern("*");
    assertTrue(any.matchesSome("keep.", "0123456789abcdef", 16));
    assertTrue(any.matchesSome("", "ab", 0));
    TagPattern hexEnd = new TagPattern("keep.*f");
    assertTrue(hexEnd.matchesSome("keep.", "0123456789abcdef", 16));
    assertFalse(hexEnd.matchesSome("keep.", "0123456789abcdef", 0));
    assertFalse(new TagPattern("keep.*g").matchesSome("keep.", "0123456789abcdef", 16));
    assertFalse(new TagPattern("keep").matchesSome("keep.", "0123456789abcdef", 16));
    assertTrue(new TagPattern("keep.??").matchesSome("keep.", "?", 2), "no wildcard but *");
    assertFalse(
        new TagPattern("keep.0123456789abcdef0").matchesSome("keep.", "0123456789abcdef", 16));
  }

  @Test
  void findsATagWhenAndOnlyWhenOneOfAllTagsOfTheFormMatches() {
    repeat(
        7,
        3_000,
        random -> {
          String pattern = randomText(random, "abc*", 6);
          String start = randomText(random, "abc", 3);
          int length = random.nextInt(4);
          boolean some =
              allTexts("ab", length).stream()
                  .anyMatch(end -> new TagPattern(pattern).matches(start + end));
          assertEquals(
              some,
              new TagPattern(pattern).matchesSome(start, "ab", length),
              () -> pattern + " against " + start + " and " + length + " of [ab]");
        });
  }

  /** Runs {@code check} {@code times} times with one random source seeded with {@code seed}. */
  private static void repeat(long seed, int times, Consumer<Random> check) {
    Random random = new Random(seed);
    for (int i = 0; i < times; i++) {
      check.accept(random);
    }
  }

  private static List<String> allTexts(String alphabet, int length) {
    List<String> texts = List.of("");
    for (int i = 0; i < length; i++) {
      texts = texts.stream().flatMap(t -> alphabet.chars().mapToObj(c -> t + (char) c)).toList();
    }
    return texts;
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
