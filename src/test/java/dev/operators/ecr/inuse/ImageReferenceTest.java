package dev.operators.ecr.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0000000000000000000000000000000000000000000000000000000000000001";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // reference | host | path | tag | digest | effective tag
        "nginx|-|nginx|-|-|latest",
        "nginx:1.25|-|nginx|1.25|-|1.25",
        "team/api:1|-|team/api|1|-|1",
        "localhost/api|localhost|api|-|-|latest",
        "localhost:5000/api:1|localhost:5000|api|1|-|1",
        "Registry.Example:5000/a/b|registry.example:5000|a/b|-|-|latest",
        "registry.example/a__b/c--d/e.f:V_1|registry.example|a__b/c--d/e.f|V_1|-|V_1",
      })
  void readsHostPathAndTag(
      String reference, String host, String path, String tag, String digest, String effective) {
    ImageReference parsed = ImageReference.parse(reference).orElseThrow();
    assertEquals(new ImageReference(host, path, tag, digest), parsed);
    assertEquals(effective, parsed.effectiveTag());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {"registry.example/api@|-", "registry.example/api:2@|2"})
  void aDigestLeavesNoDefaultTag(String prefix, String tag) {
    ImageReference parsed = ImageReference.parse(prefix + DIGEST).orElseThrow();
    assertEquals(new ImageReference("registry.example", "api", tag, DIGEST), parsed);
    assertEquals(tag, parsed.effectiveTag());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "registry.example/",
        "registry.example/Api",
        "registry.example/a___b",
        "registry.example/a..b",
        "-registry.example/api",
        "registry..example/api",
        "registry.example:port/api",
        "api:",
        "api@sha256:1",
      })
  void refusesWhatIsNoReference(String reference) {
    assertEquals(Optional.empty(), ImageReference.parse(reference));
  }
}
