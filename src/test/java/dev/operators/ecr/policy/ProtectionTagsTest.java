package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The protection tags: their form, their limits, and whose they are. */
class ProtectionTagsTest {
  static final String DIGEST =
      "sha256:4f2a9c01d3b5e7f8a1c3e5d7b9f1a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d3b5f7";

  /** The OCI grammar for a tag (docs/ecr-semantics.md §3.5). */
  private static final Pattern OCI_TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  @Test
  void aTagIsThePrefixOfTheClusterThenSixteenHexDigitsOfTheDigest() {
    ProtectionTags tags = ProtectionTags.of("prod-eu");

    assertEquals("ecr-operator.keep.prod-eu.", tags.prefix());
    assertEquals("ecr-operator.keep.prod-eu.*", tags.pattern());
    assertEquals("ecr-operator.keep.prod-eu.4f2a9c01d3b5e7f8", tags.tagFor(DIGEST));
    assertEquals(
        "ecr-operator.keep.prod-eu.4f2a9c01d3b5e7f8",
        tags.tagFor(DIGEST.toUpperCase().replace("SHA", "sha")));
  }

  @Test
  void onlyAnImageDigestHasATag() {
    ProtectionTags tags = ProtectionTags.of("prod");
    for (String notADigest :
        List.of("sha256:untagged-1", "sha256:" + "a".repeat(63), "sha512:" + "a".repeat(64), "")) {
      assertThrows(IllegalArgumentException.class, () -> tags.tagFor(notADigest), notADigest);
    }
    assertThrows(IllegalArgumentException.class, () -> ProtectionTags.of(" "));
  }

  @Test
  void aShortLowercaseClusterNameIsWrittenAsItIs() {
    assertEquals("default", ProtectionTags.clusterPart("default"));
    assertEquals("a", ProtectionTags.clusterPart("a"));
    assertEquals("x".repeat(20), ProtectionTags.clusterPart("x".repeat(20)));
  }

  @Test
  void anyOtherNameIsItsReadableStartAndAHash() {
    String longName = "platform-production-eu-west-1";
    String part = ProtectionTags.clusterPart(longName);
    assertTrue(part.matches("platform-pr_[0-9a-f]{8}"), part);
    assertEquals(part, ProtectionTags.clusterPart(longName), "the same name, the same part");
    assertNotEquals(part, ProtectionTags.clusterPart("platform-production-eu-west-2"));

    assertTrue(ProtectionTags.clusterPart("Prod").matches("prod_[0-9a-f]{8}"));
    assertNotEquals("prod", ProtectionTags.clusterPart("Prod"));
    assertTrue(ProtectionTags.clusterPart("arn:aws:eks:eu/x").matches("arn-aws-eks_[0-9a-f]{8}"));
    assertTrue(ProtectionTags.clusterPart("prod.eu").matches("prod-eu_[0-9a-f]{8}"));
    assertNotEquals(ProtectionTags.clusterPart("prod-eu"), ProtectionTags.clusterPart("prod.eu"));
    assertTrue(ProtectionTags.clusterPart("x".repeat(21)).matches("x{11}_[0-9a-f]{8}"));
  }

  @Test
  void everyTagIsValidForEcrAndOciRegistries() {
    for (String cluster :
        List.of(
            "default",
            "x".repeat(20),
            "x".repeat(500),
            "Große Cluster/прод",
            "\u0000\uffff",
            "-",
            "_")) {
      String tag = ProtectionTags.of(cluster).tagFor(DIGEST);
      assertTrue(OCI_TAG.matcher(tag).matches(), tag);
      assertTrue(tag.length() <= 55, tag);
      assertTrue(ProtectionTags.isProtectionTag(tag), tag);
      assertTrue(ProtectionTags.of(cluster).isOwn(tag), tag);
    }
  }

  @Test
  void oneClustersTagsAreNotAnothersEvenWhenOneNameBeginsTheOther() {
    List<String> clusters =
        List.of("prod", "prod-eu", "prod.eu", "Prod", "x".repeat(30), "x".repeat(31));
    for (String owner : clusters) {
      String tag = ProtectionTags.of(owner).tagFor(DIGEST);
      for (String other : clusters) {
        ProtectionTags others = ProtectionTags.of(other);
        boolean same = other.equals(owner);
        assertEquals(same, others.isOwn(tag), other + " owns " + tag);
        assertEquals(
            same, new TagPattern(others.pattern()).matches(tag), other + " matches " + tag);
      }
    }
  }

  @Test
  void usersTagsAreNoProtectionTags() {
    ProtectionTags tags = ProtectionTags.of("prod");
    for (String tag :
        List.of(
            "latest",
            "v1.2.3",
            "ecr-operator.keep.prod.",
            "ecr-operator.keep.prod.4f2a9c01d3b5e7f",
            "ecr-operator.keep.prod.4f2a9c01d3b5e7f8a",
            "ecr-operator.keep.prod.4F2A9C01D3B5E7F8",
            "ecr-operator.keep.prod.release-candidate",
            "ecr-operator.keep..4f2a9c01d3b5e7f8")) {
      assertFalse(tags.isOwn(tag), tag);
      assertFalse(ProtectionTags.isProtectionTag(tag), tag);
    }
    assertTrue(ProtectionTags.isProtectionTag("ecr-operator.keep.staging.4f2a9c01d3b5e7f8"));
    assertFalse(tags.isOwn("ecr-operator.keep.staging.4f2a9c01d3b5e7f8"));
  }

  @Test
  void protectingTagsTheStandardImagesInUseOnce() {
    ProtectionTags tags = ProtectionTags.of("prod");
    String other = "sha256:" + "b".repeat(64);
    String archived = "sha256:" + "c".repeat(64);
    Instant pushed = Instant.parse("2026-01-01T00:00:00Z");
    List<Image> images =
        List.of(
            Image.pushed(DIGEST, List.of("v1"), pushed),
            Image.pushed(other, List.of(), pushed),
            new Image(archived, List.of(), pushed, null, StorageClass.ARCHIVE, pushed, null),
            Image.pushed("sha256:not-in-use", List.of(), pushed));

    List<Image> once = tags.protect(images, Set.of(DIGEST, other, archived));

    assertEquals(List.of("v1", tags.tagFor(DIGEST)), once.get(0).tags());
    assertEquals(List.of(tags.tagFor(other)), once.get(1).tags());
    assertEquals(List.of(), once.get(2).tags(), "archived images are not tagged");
    assertEquals(images.get(3), once.get(3));
    assertEquals(once, tags.protect(once, Set.of(DIGEST, other, archived)), "idempotent");
  }
}
