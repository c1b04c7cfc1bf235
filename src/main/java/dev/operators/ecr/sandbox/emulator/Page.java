package dev.operators.ecr.sandbox.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing. The token names the last key returned, so a page stays right when items
 * before it are deleted between calls.
 */
record Page<T>(List<T> items, String nextToken) {

  static <T> Page<T> of(
      List<T> all, Function<T, String> key, String token, int maxResults, String tokenMember) {
    String after = token == null ? null : decode(token, tokenMember);
    List<T> rest =
        all.stream()
            .filter(item -> after == null || key.apply(item).compareTo(after) > 0)
            .sorted(Comparator.comparing(key))
            .toList();
    if (rest.size() <= maxResults) {
      return new Page<>(rest, null);
    }
    List<T> page = rest.subList(0, maxResults);
    return new Page<>(page, encode(key.apply(page.get(maxResults - 1))));
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token, String tokenMember) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw EcrError.invalidParameter(tokenMember, "Invalid pagination token");
    }
  }
}
