package dev.operators.ecr.inuse;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference into an ECR private registry: the registry (account and region), the
 * repository, and the tag, the digest, or both. Only references this type can describe can point at
 * a repository the operator manages.
 *
 * @param account the 12-digit account (registry ID)
 * @param region the region, such as {@code eu-west-1}
 * @param repository the repository name
 * @param tag the tag, or null when the reference names a digest only
 * @param digest the digest, or null when the reference names a tag only
 */
public record EcrImage(
    String account, String region, String repository, String tag, String digest) {

  // The host names ECR answers registry clients on (docs/ecr-semantics.md §3.11): IPv4 and
  // dual-stack, each plain or FIPS, and the China partition's IPv4 name; an explicit :443 is the
  // same endpoint.
  private static final Pattern REGISTRY_HOST =
      Pattern.compile(
          "([0-9]{12})\\."
              + "(?:dkr\\.ecr(?:-fips)?\\.((?!cn-)[a-z]{2}(?:-[a-z]+)+-[0-9]+)\\.amazonaws\\.com"
              + "|dkr\\.ecr\\.(cn-[a-z]+-[0-9]+)\\.amazonaws\\.com\\.cn"
              + "|dkr-ecr(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-[0-9]+)\\.on\\.aws)"
              + "(?::443)?");
  private static final int MIN_REPOSITORY = 2;
  private static final int MAX_REPOSITORY = 256;

  public EcrImage {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("an image reference names a tag, a digest or both");
    }
  }

  /** The ECR image a reference names; empty when it is no reference, or not into ECR. */
  public static Optional<EcrImage> parse(String reference) {
    return ImageReference.parse(reference).flatMap(EcrImage::of);
  }

  /** The ECR image a parsed reference names; empty when its host is not an ECR registry. */
  public static Optional<EcrImage> of(ImageReference reference) {
    if (reference.host() == null) {
      return Optional.empty();
    }
    Matcher host = REGISTRY_HOST.matcher(reference.host());
    if (!host.matches()) {
      return Optional.empty();
    }
    String region = host.group(2) != null ? host.group(2) : host.group(3);
    if (region == null) {
      region = host.group(4);
    }
    String repository = reference.path();
    if (repository.length() < MIN_REPOSITORY || repository.length() > MAX_REPOSITORY) {
      return Optional.empty();
    }
    return Optional.of(
        new EcrImage(
            host.group(1), region, repository, reference.effectiveTag(), reference.digest()));
  }

  /** Whether this image is in the given repository. */
  public boolean in(String account, String region, String repository) {
    return this.account.equals(account)
        && this.region.equals(region)
        && this.repository.equals(repository);
  }

  /** The reference written back, on the IPv4 host: {@code <account>.dkr.ecr.<region>...}. */
  @Override
  public String toString() {
    String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return account
        + ".dkr.ecr."
        + region
        + "."
        + domain
        + "/"
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
