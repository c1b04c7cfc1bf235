package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.Accesses.ACCOUNT_A;
import static dev.operators.ecr.operator.Accesses.ROLE_A;
import static dev.operators.ecr.operator.Accesses.access;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which namespace events re-trigger resources: a namespace that arrives after a pass looked for it
 * in vain does, with no resync to fall back on (an hour here); the namespaces of the informer's
 * initial list do not (measured on the real API server by the benchmark: docs/benchmarks.md).
 */
class NamespaceEventsOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment env =
      OperatorEnvironment.create()
          .resync(Duration.ofHours(1))
          .settings(OperatorSettings.builder().ambientCredentials(AmbientCredentials.NONE))
          .accounts(ACCOUNT_A);

  @Test
  void aNamespaceAddedAfterItsResourceWasHandledReTriggersIt() {
    env.client
        .resource(access("late", ROLE_A, "namespaceSelector: {matchLabels: {team: late}}"))
        .create();
    // The resource reaches the operator before its namespace: no labels to match yet.
    env.client.resource(repository("late", "api", keepUntagged(1))).create();
    env.await("late", "api", r -> isCondition(r, Conditions.STALLED, "True", Reasons.NO_ACCESS));

    // The namespace arrives with the labels the access selects: only its ADD can tell.
    env.client.resource(Accesses.namespace("late", Map.of("team", "late"))).create();
    EcrRepository ready = env.awaitReady("late", "api");
    assertEquals(ACCOUNT_A, ready.getStatus().getRegistryId());
    assertEquals("late", ready.getStatus().getAccess().getName());
  }
}
