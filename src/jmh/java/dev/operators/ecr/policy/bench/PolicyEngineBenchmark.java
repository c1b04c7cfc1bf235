package dev.operators.ecr.policy.bench;

import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy engine at ECR's limits ({@link PolicyWorkload}): what the operator does with a policy
 * from a spec, and what a 100,000-image repository costs to evaluate. Run with {@code mvn -B -Pjmh
 * test-compile exec:exec}; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PolicyEngineBenchmark {
  private String policyText;
  private LifecyclePolicy policy;
  private List<Image> images;
  private Instant now;

  @Setup
  public void setUp() {
    PolicyWorkload workload = PolicyWorkload.atEcrLimits();
    policyText = workload.policyText();
    policy = LifecyclePolicy.parse(policyText);
    images = workload.images();
    now = workload.now();
  }

  /** Parse, check everything ECR checks, and build the canonical JSON, ECR text and digest. */
  @Benchmark
  public CanonicalPolicy validateAndCanonicalize() {
    return LifecyclePolicy.parse(policyText).canonical();
  }

  /** Decide which of 100,000 images the policy expires or moves to archive. */
  @Benchmark
  public Evaluation evaluate() {
    return PolicyEvaluator.evaluate(policy, images, now);
  }
}
