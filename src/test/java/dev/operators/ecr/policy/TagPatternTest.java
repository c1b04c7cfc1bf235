package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String pattern = randomText(random, "ab*", 6);
      String tag = randomText(random, "ab", 7);
      assertEquals(
          LiteralAlgorithm.glob(pattern).matcher(tag).matches(),
          new TagPattern(pattern).matches(tag),
          () -> pattern + " against " + tag);
    }
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
