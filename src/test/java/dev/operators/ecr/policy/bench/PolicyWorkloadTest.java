package dev.operators.ecr.policy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import org.junit.jupiter.api.Test;

/** The policy benchmark measures what docs/benchmarks.md says it measures. */
class PolicyWorkloadTest {

  @Test
  void isAValidFiftyRulePolicyOverOneHundredThousandImagesThatActsOnSomeOfThem() {
    PolicyWorkload workload = PolicyWorkload.atEcrLimits();

    LifecyclePolicy policy = LifecyclePolicy.parse(workload.policyText());
    assertEquals(50, policy.rules().size());
    assertEquals(100_000, workload.images().size());
    assertEquals(
        100_000, workload.images().stream().map(Image::digest).distinct().count(), "digests");

    Evaluation evaluation = PolicyEvaluator.evaluate(policy, workload.images(), workload.now());
    assertTrue(evaluation.expiring() > 0, "some images expire");
    assertTrue(evaluation.transitioning() > 0, "some images move to archive");
    assertTrue(evaluation.actions().size() < 100_000, "some images are kept");
  }

  @Test
  void isTheSameOnEveryCall() {
    PolicyWorkload first = PolicyWorkload.atEcrLimits();
    PolicyWorkload second = PolicyWorkload.atEcrLimits();

    assertEquals(first.policyText(), second.policyText());
    assertEquals(first.images(), second.images());
  }
}
