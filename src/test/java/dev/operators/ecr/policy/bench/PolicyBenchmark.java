package dev.operators.ecr.policy.bench;

import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import dev.operators.ecr.policy.RandomPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times the policy package at ECR's limits: a 50-rule policy and 100,000 images (the default
 * images-per-repository quota). Run by hand, not as a test:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.operators.ecr.policy.bench.PolicyBenchmark
 * </pre>
 */
public final class PolicyBenchmark {
  private static final int RULES = 50;
  private static final int IMAGES = 100_000;
  private static final int WARM_UPS = 10;
  private static final int RUNS = 9;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private PolicyBenchmark() {}

  public static void main(String[] args) {
    RandomPolicies random = new RandomPolicies(2026);
    String text = random.respell(random.policyWithRules(RULES));
    List<Image> images = random.images(IMAGES, NOW);
    LifecyclePolicy policy = LifecyclePolicy.parse(text);
    System.out.printf("policy: %d rules, %d characters%n", policy.rules().size(), text.length());

    double parse = medianMillis(() -> LifecyclePolicy.parse(text).canonical());
    System.out.printf("validate + canonicalize: median %.3f ms%n", parse);

    Evaluation[] last = new Evaluation[1];
    double evaluate = medianMillis(() -> last[0] = PolicyEvaluator.evaluate(policy, images, NOW));
    System.out.printf(
        "evaluate %d images: median %.1f ms (%d expiring, %d transitioning)%n",
        IMAGES, evaluate, last[0].expiring(), last[0].transitioning());
  }

  private static double medianMillis(Runnable work) {
    for (int i = 0; i < WARM_UPS; i++) {
      work.run();
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      work.run();
      millis.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(millis);
    return millis.get(RUNS / 2);
  }
}
