package dev.operators.ecr.sandbox;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.LifecycleRun;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the sandbox shows, step by step, against a running operator: the examples become Ready,
 * retention removes images, and a policy changed behind the operator's back is restored.
 */
public final class SandboxScenario {
  /** The founding example: keep only one untagged image. */
  public static final String DEMO_NAMESPACE = "team-payments";

  public static final String DEMO_NAME = "payments-api";

  private final KubernetesClient client;
  private final EcrEmulator ecr;
  private final Duration timeout;
  private final PrintWriter out;
  private final List<String> failures = new ArrayList<>();

  public SandboxScenario(
      KubernetesClient client, EcrEmulator ecr, Duration timeout, PrintWriter out) {
    this.client = client;
    this.ecr = ecr;
    this.timeout = timeout;
    this.out = out;
  }

  /** Runs every step; returns the checks that failed (empty when all held). */
  public List<String> run(Examples.Loaded loaded) {
    List<EcrRepository> examples = loaded.repositories();
    out.println();
    out.println("== 1. Apply the examples (k8s/examples)");
    for (var policy : loaded.policies()) {
      client.resource(policy).create();
      out.printf("ecrlifecyclepolicy %s created%n", policy.getMetadata().getName());
    }
    for (EcrRepository r : examples) {
      client.resource(r).create();
      out.printf("ecrrepository %s/%s created%n", ns(r), name(r));
    }

    out.println();
    out.println("== 2. Wait until every repository is Ready");
    List<EcrRepository> ready = awaitReady(examples);
    out.println(RepositoryTable.render(ready, Instant.now()));

    out.println();
    out.println("== 3. The lifecycle policies ECR now holds");
    for (EcrRepository r : ready) {
      if (r.getStatus() == null || r.getStatus().getRepositoryName() == null) {
        continue;
      }
      Optional<RepositorySnapshot> repo =
          ecr.repository(r.getStatus().getRegion(), r.getStatus().getRepositoryName());
      String text = repo.map(RepositorySnapshot::lifecyclePolicyText).orElse(null);
      out.printf(
          "%s/%s: %s%n",
          r.getStatus().getRegion(),
          r.getStatus().getRepositoryName(),
          text == null ? "(no lifecycle policy)" : text);
    }

    EcrRepository demo =
        ready.stream()
            .filter(r -> DEMO_NAMESPACE.equals(ns(r)) && DEMO_NAME.equals(name(r)))
            .findFirst()
            .orElse(null);
    if (demo == null || demo.getStatus() == null || demo.getStatus().getRepositoryName() == null) {
      fail(
          "the example "
              + DEMO_NAMESPACE
              + "/"
              + DEMO_NAME
              + " (k8s/examples/keep-one-untagged.yaml) is missing or not Ready");
      return failures;
    }
    String region = demo.getStatus().getRegion();
    String repository = demo.getStatus().getRepositoryName();
    retention(region, repository);
    drift(demo, region, repository);
    return failures;
  }

  private void retention(String region, String repository) {
    out.println();
    out.println("== 4. Push images to " + repository + " and run ECR's lifecycle evaluation");
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = 1; i <= 4; i++) {
      ecr.pushImage(region, repository, digest(i), List.of(), now.minus(Duration.ofHours(5 - i)));
    }
    ecr.pushImage(region, repository, digest(5), List.of("v1.0.0"), now.minus(Duration.ofHours(6)));
    ecr.pushImage(
        region, repository, digest(6), List.of("v1.1.0", "latest"), now.minus(Duration.ofHours(1)));
    out.println("before:");
    printImages(ecr.images(region, repository));

    LifecycleRun run = ecr.runLifecycle(region, repository, now);
    out.printf("lifecycle evaluation expired %d image(s):%n", run.expired().size());
    run.expired().forEach(i -> out.printf("  %s%n", i.digest()));
    List<Image> after = ecr.images(region, repository);
    out.println("after:");
    printImages(after);

    List<Image> untagged = after.stream().filter(i -> i.tags().isEmpty()).toList();
    check(
        untagged.size() == 1 && untagged.get(0).digest().equals(digest(4)),
        "exactly one untagged image, the newest, is kept");
    check(after.stream().filter(i -> !i.tags().isEmpty()).count() == 2, "tagged images are kept");
  }

  private void drift(EcrRepository demo, String region, String repository) {
    out.println();
    out.println("== 5. Delete the lifecycle policy behind the operator's back");
    if (demo.getStatus().getLifecyclePolicy() == null) {
      fail("the example " + DEMO_NAMESPACE + "/" + DEMO_NAME + " carries a lifecycle policy");
      return;
    }
    String digest = demo.getStatus().getLifecyclePolicy().getDigest();
    try (SdkEcrPort someoneElse = aws()) {
      someoneElse.deleteLifecyclePolicy(new RepositoryRef(region, repository));
    }
    out.printf("aws ecr delete-lifecycle-policy --repository-name %s: done%n", repository);
    Instant start = Instant.now();
    boolean restored =
        await(
            () ->
                ecr.repository(region, repository)
                    .map(RepositorySnapshot::lifecyclePolicyText)
                    .map(text -> LifecyclePolicy.parse(text).canonical().digest())
                    .filter(digest::equals)
                    .isPresent());
    if (restored) {
      out.printf(
          "the operator restored the policy %s after %.1f s%n",
          digest, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
    check(restored, "a policy deleted behind the operator's back is restored");
  }

  private List<EcrRepository> awaitReady(List<EcrRepository> examples) {
    boolean allReady =
        await(() -> examples.stream().allMatch(r -> isReady(client.resource(r).get())));
    List<EcrRepository> current = examples.stream().map(r -> client.resource(r).get()).toList();
    for (EcrRepository r : current) {
      check(isReady(r), ns(r) + "/" + name(r) + " is Ready" + reason(r));
    }
    if (!allReady) {
      out.println("not every repository became Ready within " + timeout);
    }
    return current;
  }

  /** Ready=True at the resource's current generation. */
  static boolean isReady(EcrRepository r) {
    if (r == null || r.getStatus() == null) {
      return false;
    }
    Condition ready = Conditions.find(r.getStatus().getConditions(), Conditions.READY);
    return ready != null
        && "True".equals(ready.getStatus())
        && r.getMetadata().getGeneration().equals(r.getStatus().getObservedGeneration());
  }

  private static String reason(EcrRepository r) {
    if (r == null || r.getStatus() == null) {
      return "";
    }
    Condition ready = Conditions.find(r.getStatus().getConditions(), Conditions.READY);
    return ready == null || "True".equals(ready.getStatus())
        ? ""
        : " (" + ready.getReason() + ": " + ready.getMessage() + ")";
  }

  private boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  // An AWS client of someone other than the operator, as the AWS CLI would be.
  private SdkEcrPort aws() {
    return new SdkEcrPort(
        EcrClients.builder()
            .endpointOverride(ecr.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("someone", "else")))
            .build());
  }

  private void printImages(List<Image> images) {
    out.printf("  %-73s %-20s %s%n", "DIGEST", "TAGS", "PUSHED");
    images.stream()
        .sorted((a, b) -> b.pushedAt().compareTo(a.pushedAt()))
        .forEach(
            i ->
                out.printf(
                    "  %-73s %-20s %s%n",
                    i.digest(),
                    i.tags().isEmpty() ? "<untagged>" : String.join(",", i.tags()),
                    i.pushedAt()));
  }

  private void check(boolean held, String what) {
    out.printf("%s %s%n", held ? "[ok]  " : "[FAIL]", what);
    if (!held) {
      failures.add(what);
    }
  }

  private void fail(String what) {
    check(false, what);
  }

  private static String digest(int n) {
    return String.format("sha256:%064x", n);
  }

  private static String ns(EcrRepository r) {
    return r.getMetadata().getNamespace();
  }

  private static String name(EcrRepository r) {
    return r.getMetadata().getName();
  }
}
