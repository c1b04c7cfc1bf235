package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.ImagesInUseOperatorTest.HOST;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.eventually;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.users;
import static dev.operators.ecr.operator.InUseSourcesOperatorTest.pod;
import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.ImagesAtRiskStatus;
import dev.operators.ecr.api.InUseProtectionMode;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guard on lifecycle policies in report mode: the status and a Warning Event say which images
 * in use a new policy would take, and by whom; with protection off there is no guard.
 */
class ImagesAtRiskOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment report =
      OperatorEnvironment.create()
          .settings(OperatorSettings.builder().previewPeriod(Duration.ofSeconds(1)));

  @RegisterExtension
  static final OperatorEnvironment off =
      OperatorEnvironment.create()
          .settings(
              OperatorSettings.builder()
                  .previewPeriod(Duration.ofSeconds(1))
                  .inUse(InUseSettings.OFF));

  private static String digest(int n) {
    return String.format("sha256:%064x", n);
  }

  // Four untagged images, the oldest first, and a tagged one.
  private static void pushImages(OperatorEnvironment env, String repository) {
    Instant now = Instant.now();
    for (int i = 1; i <= 4; i++) {
      env.ecr.pushImage(REGION, repository, digest(i), List.of(), now.minusSeconds(600 - i));
    }
    env.ecr.pushImage(REGION, repository, digest(100), List.of("v1"), now);
  }

  private static List<Event> atRisk(OperatorEnvironment env, String namespace) {
    return env.events(namespace, "api").stream()
        .filter(e -> "ImagesInUseAtRisk".equals(e.getReason()))
        .toList();
  }

  private static EcrRepository keepOneUntagged(OperatorEnvironment env, String namespace) {
    env.resource(namespace, "api")
        .edit(
            r -> {
              r.getSpec().setLifecyclePolicy(keepUntagged(1));
              return r;
            });
    return env.await(
        namespace,
        "api",
        r ->
            r.getStatus() != null
                && r.getStatus().getPreview() != null
                && Long.valueOf(3).equals(r.getStatus().getPreview().getExpiring()));
  }

  @Test
  void aNewPolicyThatWouldExpireAnImageInUseIsReportedOnceWithItsWorkloads() {
    report.client.resource(repository("guard", "api", keepUntagged(10))).create();
    EcrRepository before = report.awaitReady("guard", "api");
    assertEquals(0L, before.getStatus().getPreview().getInUseAtRisk().getExpiring());
    pushImages(report, "guard/api");
    // A Pod of another namespace runs the oldest untagged image by digest; a Deployment runs the
    // tagged one, which the policy keeps.
    report
        .client
        .pods()
        .resource(pod("batch", "nightly", HOST + "/guard/api@" + digest(1)))
        .create();
    report
        .client
        .apps()
        .deployments()
        .resource(ImagesInUseOperatorTest.deployment("guard", "web", HOST + "/guard/api:v1"))
        .create();
    eventually(() -> assertEquals(2, users(report, "guard/api").size()));

    EcrRepository previewed = keepOneUntagged(report, "guard");

    ImagesAtRiskStatus risk = previewed.getStatus().getPreview().getInUseAtRisk();
    assertEquals(1L, risk.getExpiring());
    assertEquals(0L, risk.getArchiving());
    assertEquals(List.of(digest(1)), risk.getDigests());
    assertEquals(List.of("Pod batch/nightly"), risk.getWorkloads());
    eventually(() -> assertEquals(1, atRisk(report, "guard").size()));
    Event warning = atRisk(report, "guard").get(0);
    assertEquals("Warning", warning.getType());
    assertTrue(warning.getMessage().contains("Pod batch/nightly"), warning.getMessage());
    assertTrue(warning.getMessage().contains(digest(1)), warning.getMessage());

    // Later previews find the same images at risk: no second Event.
    String computedAt = previewed.getStatus().getPreview().getComputedAt();
    EcrRepository again =
        report.await(
            "guard",
            "api",
            r -> !Objects.equals(computedAt, r.getStatus().getPreview().getComputedAt()));
    assertEquals(List.of(digest(1)), again.getStatus().getPreview().getInUseAtRisk().getDigests());
    assertEquals(1, atRisk(report, "guard").size());

    // Another expiring image comes into use: what is at risk changed, a second Event says so.
    report
        .client
        .pods()
        .resource(pod("guard", "replay", HOST + "/guard/api@" + digest(2)))
        .create();
    EcrRepository grown =
        report.await(
            "guard",
            "api",
            r -> Long.valueOf(2).equals(r.getStatus().getPreview().getInUseAtRisk().getExpiring()));
    assertEquals(
        List.of("Pod batch/nightly", "Pod guard/replay"),
        grown.getStatus().getPreview().getInUseAtRisk().getWorkloads());
    eventually(() -> assertEquals(2, atRisk(report, "guard").size()));
  }

  @Test
  void aRepositoryWhoseSpecTurnsTheGuardOffShowsNothingAtRisk() {
    EcrRepository quiet = repository("quiet", "api", keepUntagged(10));
    quiet.getSpec().setInUseProtection(InUseProtectionMode.Off);
    report.client.resource(quiet).create();
    report.awaitReady("quiet", "api");
    pushImages(report, "quiet/api");
    report.client.pods().resource(pod("batch", "quiet", HOST + "/quiet/api@" + digest(1))).create();
    eventually(() -> assertEquals(1, users(report, "quiet/api").size()));

    EcrRepository previewed = keepOneUntagged(report, "quiet");

    assertNull(previewed.getStatus().getPreview().getInUseAtRisk());
    assertEquals(List.of(), atRisk(report, "quiet"));
  }

  @Test
  void withProtectionOffTheStatusShowsNothingAtRiskAndNoEventIsRecorded() {
    off.client.resource(repository("unguarded", "api", keepUntagged(10))).create();
    off.awaitReady("unguarded", "api");
    pushImages(off, "unguarded/api");
    off.client
        .pods()
        .resource(pod("batch", "nightly", HOST + "/unguarded/api@" + digest(1)))
        .create();

    EcrRepository previewed = keepOneUntagged(off, "unguarded");

    assertNull(previewed.getStatus().getPreview().getInUseAtRisk());
    assertEquals(List.of(), atRisk(off, "unguarded"));
  }
}
