package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.policy.Image;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reading an image's manifest and adding or removing one tag, through the real SDK client against
 * the emulator: what protecting an image in use is made of.
 */
class SdkEcrPortImageTagsTest {
  private static final String REGION = "eu-west-1";
  private static final RepositoryRef APP = new RepositoryRef(REGION, "team/app");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
  private static final String OLD = "sha256:" + "a".repeat(64);
  private static final String NEW = "sha256:" + "b".repeat(64);

  private Instant now = T0;
  private final EcrEmulator emulator = new EcrEmulator("123456789012", () -> now).start();
  private final SdkEcrPort port =
      new SdkEcrPort(EmulatorClients.clients(emulator.endpoint()).build());

  @AfterEach
  void stop() {
    port.close();
    emulator.close();
  }

  private void repository(String mutability) {
    port.createRepository(APP, RepositorySettings.NONE, Map.of());
    port.putImageTagMutability(APP, mutability, List.of());
    emulator.pushImage(REGION, APP.name(), OLD, List.of(), T0);
    emulator.pushImage(REGION, APP.name(), NEW, List.of("v2"), T0);
  }

  private Image image(String digest) {
    return emulator.images(REGION, APP.name()).stream()
        .filter(i -> i.digest().equals(digest))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anUntaggedImageGainsATagInAnImmutableRepositoryAndTheReadCountsAsAPull() {
    repository("IMMUTABLE");
    now = T1;

    ImageManifest manifest = port.getManifest(APP, OLD).orElseThrow();
    port.tagImage(APP, manifest, "keep-a");

    assertEquals(OLD, manifest.digest());
    assertEquals(List.of("keep-a"), image(OLD).tags());
    assertEquals(T1, image(OLD).lastPulledAt(), "BatchGetImage records a pull");
    assertEquals(List.of("v2"), image(NEW).tags());
    assertEquals(2, emulator.images(REGION, APP.name()).size(), "nothing new was pushed");
  }

  @Test
  void aTagTheImageCarriesAlreadyIsNoChange() {
    repository("IMMUTABLE");
    ImageManifest manifest = port.getManifest(APP, NEW).orElseThrow();

    port.tagImage(APP, manifest, "v2");

    assertEquals(List.of("v2"), image(NEW).tags());
  }

  @Test
  void aTagAnotherImageCarriesInAnImmutableRepositoryIsAlreadyExists() {
    repository("IMMUTABLE");
    ImageManifest manifest = port.getManifest(APP, OLD).orElseThrow();

    EcrException e = assertThrows(EcrException.class, () -> port.tagImage(APP, manifest, "v2"));

    assertEquals(EcrErrorKind.ALREADY_EXISTS, e.kind());
    assertEquals(List.of("v2"), image(NEW).tags(), "the tag stayed where it was");
  }

  @Test
  void anImageThatIsNotThereHasNoManifest() {
    repository("MUTABLE");

    assertTrue(port.getManifest(APP, "sha256:" + "c".repeat(64)).isEmpty());
  }

  @Test
  void removingATagKeepsAnImageWithOtherTagsAndDeletesOneWhoseLastTagItWas() {
    repository("IMMUTABLE");
    port.tagImage(APP, port.getManifest(APP, NEW).orElseThrow(), "keep-b");
    port.tagImage(APP, port.getManifest(APP, OLD).orElseThrow(), "keep-a");

    Map<String, String> failures = port.untagImages(APP, List.of("keep-b", "keep-a", "gone"));

    assertEquals(List.of("v2"), image(NEW).tags());
    assertEquals(
        List.of(NEW),
        emulator.images(REGION, APP.name()).stream().map(Image::digest).toList(),
        "the image whose last tag was removed is deleted");
    assertEquals(List.of("gone"), List.copyOf(failures.keySet()));
    assertTrue(failures.get("gone").startsWith("ImageNotFound"), failures.toString());
  }

  @Test
  void oneCallTakesAtMostAHundredTags() {
    repository("MUTABLE");
    List<String> tags = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "t" + i).toList();

    assertThrows(IllegalArgumentException.class, () -> port.untagImages(APP, tags));
  }
}
