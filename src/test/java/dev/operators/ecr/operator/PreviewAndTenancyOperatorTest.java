package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import dev.operators.ecr.policy.StorageClass;
import dev.operators.ecr.policy.StoragePrices;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lifecycle preview on the status, the expiry warning, and the tenancy guard. */
class PreviewAndTenancyOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create()
          .settings(
              OperatorSettings.builder()
                  .tenancyGuard(true)
                  .previewPeriod(Duration.ofSeconds(1))
                  .storagePrices(
                      new StoragePrices(new BigDecimal("1.00"), new BigDecimal("0.25"))));

  private void pushImages(String repository, int untagged) {
    Instant now = Instant.now();
    for (int i = 0; i < untagged; i++) {
      env.ecr.pushImage(
          REGION,
          repository,
          String.format("sha256:%064x", i + 1),
          List.of(),
          now.minus(Duration.ofHours(untagged - i)));
    }
    env.ecr.pushImage(REGION, repository, String.format("sha256:%064x", 100), List.of("v1"), now);
    env.ecr.pushImage(REGION, repository, String.format("sha256:%064x", 101), List.of("v2"), now);
  }

  private long evaluatorExpiring(String repository) {
    String text = env.ecr.repository(REGION, repository).orElseThrow().lifecyclePolicyText();
    return PolicyEvaluator.evaluate(
            LifecyclePolicy.parse(text), env.ecr.images(REGION, repository), Instant.now())
        .expiring();
  }

  private List<Event> warnings(String namespace) {
    return env.events(namespace, "api").stream()
        .filter(e -> "ExpiryWarning".equals(e.getReason()))
        .toList();
  }

  @Test
  void aPolicyThatWouldExpireMostImagesIsPreviewedAndWarnedAboutFirst() {
    env.client.resource(repository("warn", "api", keepUntagged(10))).create();
    env.awaitReady("warn", "api");
    pushImages("warn/api", 8);

    env.resource("warn", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(keepUntagged(1));
              return r;
            });

    EcrRepository ready = env.awaitReady("warn", "api");
    var preview = ready.getStatus().getPreview();
    assertEquals(7L, preview.getExpiring());
    assertEquals(evaluatorExpiring("warn/api"), preview.getExpiring());
    assertEquals(ready.getStatus().getLifecyclePolicy().getDigest(), preview.getPolicyDigest());
    assertEquals(1, warnings("warn").size());
    assertTrue(warnings("warn").get(0).getMessage().contains("7 of its 10 images"));
    assertEquals("Warning", warnings("warn").get(0).getType());
    // The images are counted from those the preview read, not listed a second time.
    assertEquals(0, env.ecr.callCount("ListImages"), "ECR calls: " + env.ecr.calls());
  }

  @Test
  void aPolicyExpiringFewImagesIsPreviewedWithoutWarning() {
    env.client.resource(repository("calm", "api", keepUntagged(10))).create();
    env.awaitReady("calm", "api");
    pushImages("calm/api", 8);

    env.resource("calm", "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(keepUntagged(6));
              return r;
            });

    EcrRepository ready = env.awaitReady("calm", "api");
    assertEquals(2L, ready.getStatus().getPreview().getExpiring());
    assertEquals(evaluatorExpiring("calm/api"), ready.getStatus().getPreview().getExpiring());
    assertTrue(warnings("calm").isEmpty());
  }

  @Test
  void thePreviewIsRefreshedPeriodicallyAsImagesArrive() {
    env.client.resource(repository("periodic", "api", keepUntagged(1))).create();
    assertEquals(0L, env.awaitReady("periodic", "api").getStatus().getPreview().getExpiring());

    pushImages("periodic/api", 4);

    EcrRepository refreshed =
        env.await(
            "periodic",
            "api",
            r ->
                r.getStatus().getPreview() != null
                    && r.getStatus().getPreview().getExpiring() == 3);
    assertEquals(
        evaluatorExpiring("periodic/api"), refreshed.getStatus().getPreview().getExpiring());
  }

  @Test
  void theStatusShowsTheRepositorysBytesAndThoseThePolicyWouldFree() {
    env.client.resource(repository("bytes", "api", keepUntagged(1))).create();
    RepositoryStorageStatus empty = env.awaitReady("bytes", "api").getStatus().getStorage();
    assertEquals(List.of(0L, 0L, 0L, 0L), usage(empty), "a new repository holds nothing");

    long mib = 1L << 20;
    Instant now = Instant.now();
    for (int i = 1; i <= 3; i++) {
      Image untagged =
          Image.pushed(String.format("sha256:%064x", i), List.of(), now.minusSeconds(600 - i));
      env.ecr.pushImage(REGION, "bytes/api", untagged, 100 * i * mib);
    }
    env.ecr.pushImage(
        REGION,
        "bytes/api",
        Image.pushed(String.format("sha256:%064x", 4), List.of("v1"), now.minusSeconds(900)),
        50 * mib);
    env.ecr.pushImage(
        REGION,
        "bytes/api",
        new Image(
            String.format("sha256:%064x", 5),
            List.of("old"),
            now.minus(Duration.ofDays(200)),
            null,
            StorageClass.ARCHIVE,
            now.minus(Duration.ofDays(100)),
            null),
        10 * mib);

    EcrRepository refreshed =
        env.await(
            "bytes",
            "api",
            r ->
                r.getStatus().getPreview() != null
                    && r.getStatus().getPreview().getExpiring() == 2);

    var preview = refreshed.getStatus().getPreview();
    // Keep one untagged image: the two older go, 100 and 200 MiB.
    assertEquals(300 * mib, preview.getExpiringBytes());
    assertEquals(0L, preview.getTransitioningBytes());
    // 300 MiB at 1.00 USD per GB-month (--standard-storage-price): 0.29296875.
    assertEquals("0.29 USD/month", preview.getMonthlySavings());
    RepositoryStorageStatus storage = refreshed.getStatus().getStorage();
    assertEquals(List.of(4L, 650 * mib, 1L, 10 * mib), usage(storage));
    assertEquals(preview.getComputedAt(), storage.getObservedAt());
  }

  private static List<Long> usage(RepositoryStorageStatus storage) {
    return List.of(
        storage.getStandard().getImages(),
        storage.getStandard().getBytes(),
        storage.getArchive().getImages(),
        storage.getArchive().getBytes());
  }

  @Test
  void theTenancyGuardRefusesANameOutsideTheNamespace() {
    EcrRepository foreign = repository("tenant-a", "api", null);
    foreign.getSpec().setRepositoryName("tenant-b/api");
    env.client.resource(foreign).create();

    EcrRepository stalled =
        env.await(
            "tenant-a", "api", r -> isCondition(r, Conditions.STALLED, "True", "InvalidSpec"));

    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("spec.repositoryName") && message.contains("tenant-a/"), message);
    assertFalse(env.ecr.repository(REGION, "tenant-b/api").isPresent());
  }

  @Test
  void theTenancyGuardAllowsANameInTheNamespace() {
    env.client.resource(repository("tenant-c", "api", null)).create();

    env.awaitReady("tenant-c", "api");
  }
}
