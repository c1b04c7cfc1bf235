package dev.operators.ecr.inuse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference as a container runtime reads it: {@code [host[:port]/]path[:tag]
 * [@digest]}. Nothing is filled in: a reference without a host has a null host (Docker Hub, which
 * the caller does not care about), one with neither tag nor digest a null tag (see {@link
 * #effectiveTag()}).
 *
 * @param host the registry host name, lowercased, with its port if one was given; null when the
 *     reference names none
 * @param path the repository path within the registry
 * @param tag the tag, or null
 * @param digest the digest ({@code sha256:} and 64 lowercase hex digits), or null
 */
public record ImageReference(String host, String path, String tag, String digest) {

  /** The tag a runtime pulls when a reference names neither a tag nor a digest. */
  public static final String DEFAULT_TAG = "latest";

  // The grammar of the distribution reference: path components of lowercase alphanumerics joined
  // by one '.', one or two '_', or any number of '-'; a tag of word characters, '.' and '-'.
  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "(?::[0-9]{1,5})?");
  private static final int MAX_LENGTH = 4096;

  /**
   * Reads a reference; empty when it is not one (never an exception: whatever a workload carries, a
   * watch reading it must go on).
   */
  public static Optional<ImageReference> parse(String reference) {
    if (reference == null || reference.isEmpty() || reference.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.empty();
      }
    }
    String host = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      // As the runtimes decide: the first component is a host when it has a '.' or a ':', or is
      // localhost; otherwise it is part of a Docker Hub path.
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          return Optional.empty();
        }
        host = first.toLowerCase(Locale.ROOT);
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return Optional.empty();
      }
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    for (String component : rest.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of(new ImageReference(host, rest, tag, digest));
  }

  /**
   * The tag a runtime pulls by: the tag given, {@code latest} when there is neither tag nor digest.
   */
  public String effectiveTag() {
    return tag == null && digest == null ? DEFAULT_TAG : tag;
  }
}
