package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The manifests written for seeded images, and their recognition. */
class SeededManifestTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<String> recognised(String text) throws Exception {
    return SeededManifest.digestOf(text, JSON.readTree(text));
  }

  @Test
  void aSeededManifestIsRecognisedAsItsDigest() throws Exception {
    assertEquals(Optional.of(A), recognised(SeededManifest.write(A, 5_000_000)));
    assertEquals(Optional.of(B), recognised(SeededManifest.write(B, SeededManifest.MIN_SIZE)));
  }

  @Test
  void theSameDigestAndSizeGiveTheSameTextAndOthersAnotherOne() {
    assertEquals(SeededManifest.write(A, 5_000_000), SeededManifest.write(A, 5_000_000));
    assertNotEquals(SeededManifest.write(A, 5_000_000), SeededManifest.write(A, 5_000_001));
    assertNotEquals(SeededManifest.write(A, 5_000_000), SeededManifest.write(B, 5_000_000));
  }

  @Test
  void aManifestNamingADigestItWasNotWrittenForIsNotRecognised() throws Exception {
    String forA = SeededManifest.write(A, 5_000_000);
    String claimsB = forA.replace(A, B);

    assertEquals(Optional.empty(), recognised(claimsB));
    assertEquals(Optional.empty(), recognised("{\"schemaVersion\":2,\"layers\":[]}"));
    assertEquals(
        Optional.empty(),
        recognised(
            "{\"annotations\":{\"" + SeededManifest.DIGEST_ANNOTATION + "\":\"" + A + "\"}}"));
  }

  @Test
  void configAndLayersAddUpToTheSizeAndDefaultSizesAreFixedByTheDigest() throws Exception {
    for (long size : new long[] {2, 3, 7, 12, 1_000_003, SeededManifest.defaultSize(B)}) {
      JsonNode manifest = JSON.readTree(SeededManifest.write(B, size));
      assertEquals(size, SeededManifest.imageSize(manifest));
      assertTrue(manifest.path("config").path("size").asLong() >= 1, manifest::toString);
      assertTrue(manifest.path("layers").size() >= 1, manifest::toString);
      for (JsonNode layer : manifest.path("layers")) {
        assertTrue(layer.path("size").asLong() >= 1, manifest::toString);
      }
    }
    assertEquals(SeededManifest.defaultSize(A), SeededManifest.defaultSize(A));
    assertNotEquals(SeededManifest.defaultSize(A), SeededManifest.defaultSize(B));
  }
}
