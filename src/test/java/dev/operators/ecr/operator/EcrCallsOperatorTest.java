package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.sandbox.emulator.FaultPlan;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ECR calls a repository costs, counted by the emulator: converging, and after a restart with
 * everything in sync. ECR answers each call after 20 ms, so that reconciles overlap as they do
 * against AWS.
 */
class EcrCallsOperatorTest {
  private static final int REPOSITORIES = 20;
  // No resync comes within a tenth of the period of a reconcile: none during these counts.
  private static final Duration RESYNC = Duration.ofMinutes(5);

  @RegisterExtension
  static final OperatorEnvironment env = OperatorEnvironment.create().resync(RESYNC);

  @Test
  void aNewRepositoryCostsTwoWritesAndARestartInSyncRechecksEachRepositoryOnce() {
    env.ecr.faults(FaultPlan.builder().latency(Duration.ofMillis(20), Duration.ZERO).build());
    for (int i = 0; i < REPOSITORIES; i++) {
      EcrRepository resource = repository("calls", "repo-" + i, keepUntagged(1));
      if (i % 2 == 0) {
        // A setting only DescribeRepositories reports: these are described at every pass.
        resource.getSpec().setScanOnPush(true);
      }
      env.client.resource(resource).create();
    }
    for (int i = 0; i < REPOSITORIES; i++) {
      env.awaitReady("calls", "repo-" + i);
    }

    // CreateRepository without looking first; nothing read back after a write.
    assertEquals(
        Map.of("CreateRepository", (long) REPOSITORIES, "PutLifecyclePolicy", (long) REPOSITORIES),
        env.ecr.calls());

    Map<String, String> versions = resourceVersions(env);
    int events = env.client.v1().events().inNamespace("calls").list().getItems().size();
    env.ecr.resetCalls();
    env.restartOperator();
    // Every pass over a repository in sync reads its lifecycle policy: once every repository's
    // was read, every repository was rechecked.
    await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.repositoriesNamed("GetLifecyclePolicy") == REPOSITORIES);

    Map<String, Long> calls = env.ecr.calls();
    // Once each: no repository was read twice by the time the last one was read, nor in the
    // second after (its next resync is a tenth of the period away, 30 s).
    assertEquals(REPOSITORIES, calls.get("GetLifecyclePolicy"), "calls: " + calls);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(env.ecr::calls, calls::equals);
    assertEquals(0, env.ecr.writeCallCount(), "calls: " + calls);
    assertEquals(REPOSITORIES, calls.get("ListTagsForResource"), "calls: " + calls);
    assertEquals(REPOSITORIES, env.ecr.repositoriesNamed("ListTagsForResource"));
    // Only the half that declares a setting is described, and reconciles under way at once
    // share their DescribeRepositories calls.
    assertTrue(calls.get("DescribeRepositories") < REPOSITORIES / 2, "calls: " + calls);
    assertEquals(REPOSITORIES / 2, env.ecr.repositoriesNamed("DescribeRepositories"));
    assertEquals(3, calls.size(), "calls: " + calls);
    // Nothing written to Kubernetes that could wake a second pass: no status, no Event.
    assertEquals(versions, resourceVersions(env));
    assertEquals(events, env.client.v1().events().inNamespace("calls").list().getItems().size());
  }

  private static Map<String, String> resourceVersions(OperatorEnvironment env) {
    return env.client.resources(EcrRepository.class).inNamespace("calls").list().getItems().stream()
        .collect(
            Collectors.toMap(
                r -> r.getMetadata().getName(), r -> r.getMetadata().getResourceVersion()));
  }
}
