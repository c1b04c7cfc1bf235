package dev.operators.ecr.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tags by which the operator of one cluster marks the images in use, so that the protection
 * rule keeps them: {@code ecr-operator.keep.<cluster>.<16 hex digits of the digest>}, such as
 * {@code ecr-operator.keep.prod-eu.4f2a9c01d3b5e7f8}.
 *
 * <ul>
 *   <li><b>Alphabet and length.</b> ECR takes image tags of 1 to 300 characters
 *       (docs/ecr-semantics.md §3.5); registry clients hold tags to the OCI grammar, at most 128
 *       characters of {@code [a-zA-Z0-9_.-]}, the first not {@code .} or {@code -}. A protection
 *       tag fits both: lowercase letters, digits, {@code -}, {@code _} and {@code .}, at most 55
 *       characters.
 *   <li><b>The cluster.</b> A name of at most {@value #MAX_PLAIN_CLUSTER} lowercase letters, digits
 *       and {@code -} is written as it is. Any other name (longer, upper case, other characters) is
 *       written as its first {@value #READABLE_CHARACTERS} characters, lowercased with every other
 *       character made {@code -}, then {@code _} and {@value #CLUSTER_HASH_DIGITS} hex digits of
 *       its SHA-256: {@code _} appears in no name written as it is, so the two forms never meet.
 *   <li><b>One cluster's tags and another's.</b> The cluster part never holds a {@code .}, so the
 *       prefix of one cluster ({@code ecr-operator.keep.prod.}) begins no tag of another ({@code
 *       ecr-operator.keep.prod-eu.…}): the protection rule's pattern, the prefix and {@code *},
 *       selects this cluster's tags only.
 *   <li><b>Digits of the digest.</b> {@value #DIGEST_HEX_DIGITS} hex digits are 64 bits. A tag
 *       names one image, so two images protected at once in one repository must not share one: for
 *       n such images the chance that any two do is about n²/2⁶⁵, under 3 in 10 billion even if all
 *       100,000 images ECR allows in a repository by default (docs/ecr-semantics.md §3.7) were in
 *       use. Only someone who can push can craft two digests that share 64 bits, and pushing
 *       already lets them move any tag.
 * </ul>
 */
public final class ProtectionTags {
  /** How every protection tag begins, whichever cluster wrote it. */
  public static final String OPERATOR_PREFIX = "ecr-operator.keep.";

  /** How many hex digits of the digest end a protection tag. */
  public static final int DIGEST_HEX_DIGITS = 16;

  /** The digits a protection tag ends with. */
  public static final String HEX_DIGITS = "0123456789abcdef";

  static final int MAX_PLAIN_CLUSTER = 20;
  static final int READABLE_CHARACTERS = 11;
  static final int CLUSTER_HASH_DIGITS = 8;

  private static final Pattern PLAIN_CLUSTER =
      Pattern.compile("[a-z0-9-]{1," + MAX_PLAIN_CLUSTER + "}");
  private static final Pattern ANY_PROTECTION_TAG =
      Pattern.compile(
          Pattern.quote(OPERATOR_PREFIX)
              + "(?:[a-z0-9-]{1,"
              + MAX_PLAIN_CLUSTER
              + "}|[a-z0-9-]{0,"
              + READABLE_CHARACTERS
              + "}_[0-9a-f]{"
              + CLUSTER_HASH_DIGITS
              + "})\\.[0-9a-f]{"
              + DIGEST_HEX_DIGITS
              + "}");

  private final String clusterName;
  private final String prefix;

  private ProtectionTags(String clusterName) {
    this.clusterName = clusterName;
    this.prefix = OPERATOR_PREFIX + clusterPart(clusterName) + ".";
  }

  /** The protection tags of the operator running with {@code --cluster-name clusterName}. */
  public static ProtectionTags of(String clusterName) {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("a cluster name is not blank");
    }
    return new ProtectionTags(clusterName);
  }

  public String clusterName() {
    return clusterName;
  }

  /** What this cluster's protection tags begin with, such as {@code ecr-operator.keep.prod-eu.}. */
  public String prefix() {
    return prefix;
  }

  /** The protection rule's {@code tagPatternList} entry: the prefix, then {@code *}. */
  public String pattern() {
    return prefix + "*";
  }

  /**
   * The protection tag of an image.
   *
   * @throws IllegalArgumentException unless {@code digest} is {@code sha256:} and 64 hex digits
   */
  public String tagFor(String digest) {
    if (!Image.isSha256Digest(digest)) {
      throw new IllegalArgumentException("not a sha256 image digest: " + digest);
    }
    String hex = digest.substring("sha256:".length(), "sha256:".length() + DIGEST_HEX_DIGITS);
    return prefix + hex.toLowerCase(Locale.ROOT);
  }

  /**
   * The images as they are once the operator has tagged the ones in use: each image of {@code
   * inUse} in the standard storage class carries its protection tag. Archived images stay as they
   * are: the protection rule counts images, which only a standard-class rule can do
   * (docs/ecr-semantics.md §V12), and an archived image cannot be pulled (§2.2), so its manifest
   * cannot be read back to tag it ([INFERRED]).
   */
  public List<Image> protect(Collection<Image> images, Set<String> inUse) {
    List<Image> protectedImages = new ArrayList<>(images.size());
    for (Image image : images) {
      boolean protect =
          inUse.contains(image.digest())
              && image.storageClass() == StorageClass.STANDARD
              && !image.tags().contains(tagFor(image.digest()));
      if (protect) {
        List<String> withTag = new ArrayList<>(image.tags());
        withTag.add(tagFor(image.digest()));
        image = image.withTags(withTag);
      }
      protectedImages.add(image);
    }
    return protectedImages;
  }

  /** Whether {@code tag} is one of this cluster's protection tags. */
  public boolean isOwn(String tag) {
    return tag.length() == prefix.length() + DIGEST_HEX_DIGITS
        && tag.startsWith(prefix)
        && tag.substring(prefix.length()).chars().allMatch(c -> HEX_DIGITS.indexOf(c) >= 0);
  }

  /** Whether {@code tag} is a protection tag of some cluster, this one or another. */
  public static boolean isProtectionTag(String tag) {
    return ANY_PROTECTION_TAG.matcher(tag).matches();
  }

  /** The cluster's name as its protection tags write it. */
  static String clusterPart(String clusterName) {
    if (PLAIN_CLUSTER.matcher(clusterName).matches()) {
      return clusterName;
    }
    StringBuilder readable = new StringBuilder();
    clusterName
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .limit(READABLE_CHARACTERS)
        .forEach(c -> readable.append(isPlain(c) ? (char) c : '-'));
    String hash = CanonicalForm.digest(clusterName).substring("sha256:".length());
    return readable + "_" + hash.substring(0, CLUSTER_HASH_DIGITS);
  }

  private static boolean isPlain(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }
}
