package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.ImagesInUseOperatorTest.HOST;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.eventually;
import static dev.operators.ecr.operator.InUseSourcesOperatorTest.pod;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.runtime.inuse.InUseSource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator with {@code --in-use-protection protect}: a Pod's image is tagged as soon as the Pod
 * appears (the resync period is an hour), the protection rule comes first in the policy, ECR's
 * evaluation keeps the image, and once the Pod is gone and the grace period over the image goes as
 * the declared policy alone would have it.
 */
class ProtectOperatorTest {
  private static final Duration GRACE = Duration.ofSeconds(3);

  @RegisterExtension
  static final OperatorEnvironment protect =
      OperatorEnvironment.create()
          .resync(Duration.ofHours(1))
          .settings(
              OperatorSettings.builder()
                  .inUse(new InUseSettings(InUseProtection.PROTECT, InUseSource.all(), GRACE)));

  private static final ProtectionTags TAGS = ProtectionTags.of("default");

  // Digests that differ in their first hex digits, as real ones do.
  private static String digest(int n) {
    return "sha256:" + String.format("%02x", n).repeat(32);
  }

  private static Set<String> digests(String repository) {
    return protect.ecr.images(REGION, repository).stream()
        .map(Image::digest)
        .collect(Collectors.toSet());
  }

  private static List<String> tags(String repository, String digest) {
    return protect.ecr.images(REGION, repository).stream()
        .filter(i -> i.digest().equals(digest))
        .findFirst()
        .map(Image::tags)
        .orElse(List.of());
  }

  @Test
  void aPodsImageIsProtectedAtOnceAndReleasedAfterTheGraceAsThePolicyWouldHaveIt() {
    protect.client.resource(repository("shop", "api", keepUntagged(1))).create();
    EcrRepository ready = protect.awaitReady("shop", "api");
    String declared = ready.getStatus().getLifecyclePolicy().getDigest();
    assertNotNull(ready.getStatus().getLifecyclePolicy().getAppliedDigest());
    LifecyclePolicy applied =
        LifecyclePolicy.parse(
            protect
                .port
                .getLifecyclePolicy(new dev.operators.ecr.aws.RepositoryRef(REGION, "shop/api"))
                .orElseThrow()
                .text());
    assertEquals(List.of(TAGS.pattern()), applied.rules().get(0).selection().tagPatterns());
    Instant now = Instant.now();
    for (int i = 1; i <= 3; i++) {
      protect.ecr.pushImage(REGION, "shop/api", digest(i), List.of(), now.minusSeconds(600 - i));
    }

    protect
        .client
        .pods()
        .resource(pod("batch", "replay", HOST + "/shop/api@" + digest(1)))
        .create();

    // An hour's resync away: the Pod itself brings the pass that tags its image.
    eventually(() -> assertEquals(List.of(TAGS.tagFor(digest(1))), tags("shop/api", digest(1))));
    EcrRepository protectedNow =
        protect.await(
            "shop",
            "api",
            r ->
                r.getStatus().getProtection() != null
                    && Long.valueOf(1).equals(r.getStatus().getProtection().getProtectedImages()));
    assertEquals(declared, protectedNow.getStatus().getLifecyclePolicy().getDigest());
    eventually(
        () ->
            assertTrue(
                protect.events("shop", "api").stream()
                    .anyMatch(
                        e ->
                            "ImagesProtected".equals(e.getReason())
                                && e.getMessage()
                                    .contains("1 tag(s) " + TAGS.prefix() + "* added")),
                "an ImagesProtected Event"));
    assertEquals(TAGS.prefix(), protectedNow.getStatus().getProtection().getTagPrefix());
    // ECR's evaluation keeps one untagged image, and the one in use besides it.
    protect.ecr.runLifecycle(REGION, "shop/api", Instant.now());
    assertEquals(Set.of(digest(1), digest(3)), digests("shop/api"));

    protect.client.pods().inNamespace("batch").withName("replay").delete();

    // Out of use, past the grace: the declared policy alone expires the older untagged image.
    eventually(() -> assertEquals(Set.of(digest(3)), digests("shop/api")));
    EcrRepository released =
        protect.await(
            "shop",
            "api",
            r ->
                r.getStatus().getProtection() != null
                    && Long.valueOf(0).equals(r.getStatus().getProtection().getProtectedImages()));
    assertTrue(released.getStatus().getProtection().getLastChange() != null);
  }

  @Test
  void theImageADeploymentCanRollBackToIsProtectedByItsTag() {
    protect.client.resource(repository("shop", "cart", keepUntagged(1))).create();
    protect.awaitReady("shop", "cart");
    Instant now = Instant.now();
    protect.ecr.pushImage(REGION, "shop/cart", digest(7), List.of("2"), now.minusSeconds(300));
    protect.ecr.pushImage(REGION, "shop/cart", digest(8), List.of("3"), now.minusSeconds(200));
    ReplicaSet previous =
        ImagesInUseOperatorTest.ownedReplicaSet("cart-7f8d", HOST + "/shop/cart:2", "cart");

    protect.client.apps().replicaSets().resource(previous).create();

    // What `kubectl rollout undo` needs: the old ReplicaSet's tag, resolved to its image.
    eventually(
        () -> assertEquals(List.of("2", TAGS.tagFor(digest(7))), tags("shop/cart", digest(7))));
    assertEquals(List.of("3"), tags("shop/cart", digest(8)), "no one uses it: not protected");
  }
}
