package dev.operators.ecr.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.operators.ecr.policy.Image;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The digests of the images in use, as {@code preview --in-use} reads them: one {@code sha256:<64
 * hex digits>} per line; blank lines and everything after a {@code #} are ignored.
 */
final class InUseList {
  private static final String COMMENT = "#";

  private InUseList() {}

  /** The digests, in lowercase, in the order given and without repeats. */
  static Set<String> parse(String text, String source) throws UnusableInputException {
    Set<String> digests = new LinkedHashSet<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int comment = line.indexOf(COMMENT);
      String digest = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (digest.isEmpty()) {
        continue;
      }
      if (!Image.isSha256Digest(digest)) {
        throw new UnusableInputException(
            InputText.name(source)
                + ":"
                + (i + 1)
                + ": "
                + TextNode.valueOf(digest.length() > 80 ? digest.substring(0, 80) + "..." : digest)
                    .toString()
                + " is not an image digest: write sha256: and 64 hex digits, one per line");
      }
      digests.add(digest.toLowerCase(Locale.ROOT));
    }
    return digests;
  }
}
