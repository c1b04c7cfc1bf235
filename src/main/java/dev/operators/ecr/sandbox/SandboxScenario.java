package dev.operators.ecr.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.ImagesAtRiskStatus;
import dev.operators.ecr.api.InUseProtectionMode;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.ImagePage;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.LifecycleRun;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.SettingStatusFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the sandbox shows, step by step, against a running operator: the examples become Ready,
 * retention removes images, a policy changed behind the operator's back is restored, and an old
 * image that a Pod runs is first reported at risk, then kept from the lifecycle policy with {@code
 * Protect}, and goes as the policy has it once the Pod is gone and the grace period over.
 */
public final class SandboxScenario {
  /** The founding example: keep only one untagged image. */
  public static final String DEMO_NAMESPACE = "team-payments";

  public static final String DEMO_NAME = "payments-api";

  /** The namespace of the example served by an EcrAccess in the emulator's second account. */
  public static final String SECOND_NAMESPACE = "team-search";

  /** The stand-in Pod that runs an old image of the founding example. */
  public static final String POD_NAME = "payments-api-old-build";

  private final KubernetesClient client;
  private final EcrEmulator ecr;
  private final Duration timeout;
  private final Duration inUseGrace;
  private final PrintWriter out;
  private final List<String> failures = new ArrayList<>();
  private final Set<String> eventsShown = new HashSet<>();

  /**
   * @param inUseGrace the grace period the operator was started with ({@code --in-use-grace}): the
   *     scenario waits it out, so it should be seconds
   */
  public SandboxScenario(
      KubernetesClient client,
      EcrEmulator ecr,
      Duration timeout,
      Duration inUseGrace,
      PrintWriter out) {
    this.client = client;
    this.ecr = ecr;
    this.timeout = timeout;
    this.inUseGrace = inUseGrace;
    this.out = out;
  }

  /** Runs every step; returns the checks that failed (empty when all held). */
  public List<String> run(Examples.Loaded loaded) {
    List<EcrRepository> examples = loaded.repositories();
    out.println();
    out.println("== 1. Apply the examples (k8s/examples)");
    // Accesses first: a resource created before the access that serves it would act as the
    // operator itself, in its own account.
    for (var access : loaded.accesses()) {
      client.resource(access).create();
      out.printf("ecraccess %s created%n", access.getMetadata().getName());
    }
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
          ecr.repository(
              r.getStatus().getRegistryId(),
              r.getStatus().getRegion(),
              r.getStatus().getRepositoryName());
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
    inUse(region, repository);
    registry(loaded.settings());
    accounts(ready);
    return failures;
  }

  // Step 10: each repository lives in the account of the identity that serves it.
  private void accounts(List<EcrRepository> ready) {
    out.println();
    out.println(
        "== 10. Two AWS accounts: each namespace in the account of the identity serving it");
    for (EcrRepository r : ready) {
      var status = r.getStatus();
      if (status == null || status.getRepositoryName() == null) {
        continue;
      }
      String identity =
          status.getAccess() == null || Boolean.TRUE.equals(status.getAccess().getAmbient())
              ? "the operator's own credentials"
              : "EcrAccess "
                  + status.getAccess().getName()
                  + " ("
                  + status.getAccess().getRoleArn()
                  + ")";
      out.printf("%s/%s: account %s, as %s%n", ns(r), name(r), status.getRegistryId(), identity);
      boolean there =
          ecr.repository(status.getRegistryId(), status.getRegion(), status.getRepositoryName())
              .isPresent();
      check(there, ns(r) + "/" + name(r) + " is in account " + status.getRegistryId());
    }
    long accounts =
        ready.stream()
            .map(EcrRepository::getStatus)
            .filter(s -> s != null && s.getRegistryId() != null)
            .map(s -> s.getRegistryId())
            .distinct()
            .count();
    check(accounts >= 2, "the examples' repositories live in two AWS accounts");
    ready.stream()
        .filter(r -> SECOND_NAMESPACE.equals(ns(r)))
        .findFirst()
        .ifPresentOrElse(
            r ->
                check(
                    SandboxAccounts.SECOND_ACCOUNT.equals(r.getStatus().getRegistryId())
                        && ecr.repository(
                                r.getStatus().getRegion(), r.getStatus().getRepositoryName())
                            .isEmpty(),
                    ns(r)
                        + "/"
                        + name(r)
                        + " is in account "
                        + SandboxAccounts.SECOND_ACCOUNT
                        + " only, through its EcrAccess"),
            () ->
                fail(
                    "no example in namespace "
                        + SECOND_NAMESPACE
                        + " (k8s/examples/second-account.yaml)"));
  }

  // Step 9: the registry-level examples (pull-through cache rules...) become Ready as well.
  private void registry(List<CustomResource<?, ? extends SettingStatus>> settings) {
    out.println();
    out.println("== 9. The rest of the registry: one resource of each registry-level kind");
    for (var setting : settings) {
      client.resource(setting).create();
      out.printf(
          "%s %s created%n",
          setting.getKind().toLowerCase(Locale.ROOT), setting.getMetadata().getName());
    }
    await(
        () ->
            settings.stream()
                .allMatch(s -> SettingStatusFactory.isReady(client.resource(s).get())));
    for (var setting : settings) {
      var current = client.resource(setting).get();
      Condition ready =
          current == null || current.getStatus() == null
              ? null
              : Conditions.find(current.getStatus().getConditions(), Conditions.READY);
      String shown =
          ready == null
              ? "no status"
              : ready.getStatus() + " " + ready.getReason() + ": " + ready.getMessage();
      out.printf("%s %s: Ready %s%n", setting.getKind(), setting.getMetadata().getName(), shown);
      check(
          current != null && SettingStatusFactory.isReady(current),
          setting.getKind() + " " + setting.getMetadata().getName() + " is Ready");
    }
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

  // Steps 6 to 8: an old untagged image in use, reported at risk, protected, then released.
  private void inUse(String region, String repository) {
    out.println();
    out.println(
        "== 6. A Pod runs an old untagged image, which the policy would expire (Report mode)");
    String old = digest(4);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ecr.pushImage(region, repository, digest(7), List.of(), now.minus(Duration.ofMinutes(30)));
    ecr.pushImage(region, repository, digest(8), List.of(), now.minus(Duration.ofMinutes(10)));
    out.println("two newer untagged images pushed:");
    printImages(ecr.images(region, repository));
    Map<String, Long> sizes = sizes(region, repository);
    String image = demo().getStatus().getRepositoryUri() + "@" + old;
    client.pods().resource(pod(image)).create();
    out.printf("pod %s/%s created, running the oldest untagged image:%n", DEMO_NAMESPACE, POD_NAME);
    out.printf("  %s%n", image);
    out.println(
        "  (a stand-in: a Pod object in the embedded Kubernetes API, which no kubelet runs;");
    out.println("  the operator's watches count it as they count the Pods of a cluster)");
    EcrRepository reported =
        awaitDemo(
            r ->
                preview(r) != null
                    && Long.valueOf(2).equals(preview(r).getExpiring())
                    && preview(r).getInUseAtRisk() != null
                    && Long.valueOf(1).equals(preview(r).getInUseAtRisk().getExpiring()));
    printPreview(preview(reported));
    Optional<Event> warning = awaitEvent(Reasons.IMAGES_IN_USE_AT_RISK);
    ImagesAtRiskStatus risk = preview(reported) == null ? null : preview(reported).getInUseAtRisk();
    check(
        risk != null
            && List.of(old).equals(risk.getDigests())
            && List.of("Pod " + DEMO_NAMESPACE + "/" + POD_NAME).equals(risk.getWorkloads()),
        "Report mode names the image the Pod runs, and the Pod, as at risk");
    check(warning.isPresent(), "a Warning Event says so");
    check(
        image(region, repository, old).map(i -> i.tags().isEmpty()).orElse(false),
        "Report mode changes nothing in ECR: the image in use is still untagged");
    Long announced = preview(reported) == null ? null : preview(reported).getExpiringBytes();

    out.println();
    out.println("== 7. Switch " + DEMO_NAME + " to Protect and run ECR's lifecycle evaluation");
    client
        .resources(EcrRepository.class)
        .inNamespace(DEMO_NAMESPACE)
        .withName(DEMO_NAME)
        .edit(
            r -> {
              r.getSpec().setInUseProtection(InUseProtectionMode.Protect);
              return r;
            });
    out.printf(
        "ecrrepository %s/%s edited: spec.inUseProtection: Protect%n", DEMO_NAMESPACE, DEMO_NAME);
    EcrRepository protecting =
        awaitDemo(
            r ->
                isReady(r)
                    && protectedImages(r) == 1
                    && protectionTag(region, repository, old, r).isPresent()
                    && preview(r) != null
                    && Long.valueOf(1).equals(preview(r).getExpiring())
                    && preview(r).getInUseAtRisk() != null
                    && Long.valueOf(0).equals(preview(r).getInUseAtRisk().getExpiring()));
    ProtectionStatus protection = protecting.getStatus().getProtection();
    if (protection != null) {
      out.printf(
          "status.protection: protectedImages %d, tagPrefix %s%n",
          protection.getProtectedImages(), protection.getTagPrefix());
    }
    out.println("the policy ECR holds now, the protection rule first:");
    out.printf(
        "  %s%n",
        ecr.repository(region, repository)
            .map(RepositorySnapshot::lifecyclePolicyText)
            .orElse("(no lifecycle policy)"));
    printPreview(preview(protecting));
    Optional<Event> tagged = awaitEvent(Reasons.IMAGES_PROTECTED);
    check(
        protectionTag(region, repository, old, protecting).isPresent() && tagged.isPresent(),
        "the image in use carries this cluster's protection tag, and an Event says so");
    LifecycleRun run = ecr.runLifecycle(region, repository, Instant.now());
    long freed = printExpired(run, sizes);
    List<Image> after = ecr.images(region, repository);
    out.println("after:");
    printImages(after);
    check(
        untagged(after).equals(List.of(digest(8))) && image(region, repository, old).isPresent(),
        "ECR's evaluation keeps one untagged image, and the image in use besides it");

    out.println();
    out.printf(
        "== 8. Delete the Pod: after the grace period (%s) the image goes as the policy has it%n",
        seconds(inUseGrace));
    client.pods().inNamespace(DEMO_NAMESPACE).withName(POD_NAME).delete();
    Instant deleted = Instant.now();
    out.printf("pod %s/%s deleted%n", DEMO_NAMESPACE, POD_NAME);
    boolean gone = await(() -> image(region, repository, old).isEmpty());
    Duration kept = Duration.between(deleted, Instant.now());
    if (gone) {
      out.printf(
          "the operator removed the protection tag %s after the Pod was deleted. It was the"
              + " image's%n",
          seconds(kept));
      out.println(
          "last tag, so ECR deleted the image with it (BatchDeleteImage), as the declared policy"
              + " alone");
      out.printf("now expires it: %s freed%n", bytes(sizes.getOrDefault(old, 0L)));
      freed += sizes.getOrDefault(old, 0L);
    } else {
      out.printf("the image is still there %s after the Pod was deleted%n", seconds(kept));
    }
    check(
        gone && kept.compareTo(inUseGrace) >= 0,
        "the image out of use was kept for the grace period, then released");
    EcrRepository released = awaitDemo(r -> protectedImages(r) == 0);
    out.printf("status.protection: protectedImages %d%n", protectedImages(released));
    awaitEvent(Reasons.IMAGES_PROTECTED);
    LifecycleRun next = ecr.runLifecycle(region, repository, Instant.now());
    freed += printExpired(next, sizes);
    after = ecr.images(region, repository);
    out.println("after:");
    printImages(after);
    check(
        untagged(after).equals(List.of(digest(8)))
            && after.stream()
                .flatMap(i -> i.tags().stream())
                .noneMatch(ProtectionTags::isProtectionTag),
        "exactly one untagged image is left, and no protection tag");
    out.printf("freed in steps 7 and 8: %s%n", bytes(freed));
    out.printf(
        "step 6's status.preview: expiringBytes %s, monthlySavings %s%n",
        announced == null ? "(none)" : bytes(announced),
        preview(reported) == null ? "(none)" : preview(reported).getMonthlySavings());
    check(
        announced != null && announced == freed,
        "the bytes freed are those status.preview.expiringBytes announced");
  }

  private EcrRepository demo() {
    return client
        .resources(EcrRepository.class)
        .inNamespace(DEMO_NAMESPACE)
        .withName(DEMO_NAME)
        .get();
  }

  // The founding repository once it meets the condition, or as it is when the wait ends.
  private EcrRepository awaitDemo(Predicate<EcrRepository> condition) {
    await(
        () -> {
          EcrRepository r = demo();
          return r != null && r.getStatus() != null && condition.test(r);
        });
    return demo();
  }

  // An Event of that reason about the founding repository not printed before, once there is one;
  // printed.
  private Optional<Event> awaitEvent(String reason) {
    Supplier<Optional<Event>> find =
        () ->
            client.v1().events().inNamespace(DEMO_NAMESPACE).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .filter(e -> DEMO_NAME.equals(e.getInvolvedObject().getName()))
                .filter(e -> !eventsShown.contains(e.getMetadata().getName()))
                .findFirst();
    await(() -> find.get().isPresent());
    Optional<Event> event = find.get();
    event.ifPresent(
        e -> {
          eventsShown.add(e.getMetadata().getName());
          out.printf("Event %s %s:%n  %s%n", e.getType(), e.getReason(), e.getMessage());
        });
    return event;
  }

  private static LifecyclePreviewStatus preview(EcrRepository r) {
    return r == null || r.getStatus() == null ? null : r.getStatus().getPreview();
  }

  private static long protectedImages(EcrRepository r) {
    ProtectionStatus p = r == null || r.getStatus() == null ? null : r.getStatus().getProtection();
    return p == null || p.getProtectedImages() == null ? -1 : p.getProtectedImages();
  }

  // The tag of the resource's status prefix on the image, if it carries one.
  private Optional<String> protectionTag(
      String region, String repository, String digest, EcrRepository r) {
    ProtectionStatus p = r == null || r.getStatus() == null ? null : r.getStatus().getProtection();
    if (p == null || p.getTagPrefix() == null) {
      return Optional.empty();
    }
    return image(region, repository, digest)
        .flatMap(i -> i.tags().stream().filter(t -> t.startsWith(p.getTagPrefix())).findFirst());
  }

  private Optional<Image> image(String region, String repository, String digest) {
    return ecr.images(region, repository).stream()
        .filter(i -> i.digest().equals(digest))
        .findFirst();
  }

  private static List<String> untagged(List<Image> images) {
    return images.stream().filter(i -> i.tags().isEmpty()).map(Image::digest).toList();
  }

  // The sizes ECR reports (DescribeImages' imageSizeInBytes), read as the AWS CLI would.
  private Map<String, Long> sizes(String region, String repository) {
    Map<String, Long> sizes = new HashMap<>();
    try (SdkEcrPort someoneElse = aws()) {
      String token = null;
      do {
        ImagePage page = someoneElse.describeImages(new RepositoryRef(region, repository), token);
        page.images()
            .forEach(i -> sizes.put(i.digest(), i.sizeInBytes() == null ? 0 : i.sizeInBytes()));
        token = page.nextToken();
      } while (token != null);
    }
    return sizes;
  }

  // Prints what an evaluation expired; returns the bytes freed.
  private long printExpired(LifecycleRun run, Map<String, Long> sizes) {
    long freed = run.expired().stream().mapToLong(i -> sizes.getOrDefault(i.digest(), 0L)).sum();
    out.printf(
        "lifecycle evaluation expired %d image(s)%s%n",
        run.expired().size(), run.expired().isEmpty() ? "" : ", " + bytes(freed) + ":");
    run.expired().forEach(i -> out.printf("  %s%n", i.digest()));
    return freed;
  }

  private void printPreview(LifecyclePreviewStatus p) {
    if (p == null) {
      out.println("status.preview: (none yet)");
      return;
    }
    out.printf(
        "status.preview (computedAt %s): ECR's next evaluation would expire %d image(s)%n",
        p.getComputedAt(), p.getExpiring());
    out.printf(
        "  expiringBytes %s, monthlySavings %s%n",
        p.getExpiringBytes() == null ? "?" : bytes(p.getExpiringBytes()), p.getMonthlySavings());
    ImagesAtRiskStatus risk = p.getInUseAtRisk();
    if (risk != null) {
      out.printf(
          "status.preview.inUseAtRisk: expiring %d, archiving %d%n",
          risk.getExpiring(), risk.getArchiving());
      if (risk.getDigests() != null && !risk.getDigests().isEmpty()) {
        out.printf("  digests   %s%n", String.join(", ", risk.getDigests()));
        out.printf("  workloads %s%n", String.join(", ", risk.getWorkloads()));
      }
    }
  }

  private static Pod pod(String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(DEMO_NAMESPACE)
        .withName(POD_NAME)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("api")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  private static String bytes(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes (%.1f MiB)", bytes, bytes / 1_048_576.0);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
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
    int width = images.stream().mapToInt(i -> tags(i).length()).reduce(20, Math::max);
    String row = "  %-71s  %-" + width + "s  %s%n";
    out.printf(row, "DIGEST", "TAGS", "PUSHED");
    images.stream()
        .sorted((a, b) -> b.pushedAt().compareTo(a.pushedAt()))
        .forEach(i -> out.printf(row, i.digest(), tags(i), i.pushedAt()));
  }

  private static String tags(Image image) {
    return image.tags().isEmpty() ? "<untagged>" : String.join(",", image.tags());
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

  // Digests that look like real ones: a protection tag carries the first 16 hex digits.
  private static String digest(int n) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((DEMO_NAMESPACE + "/" + DEMO_NAME + " build " + n).getBytes(UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ns(EcrRepository r) {
    return r.getMetadata().getNamespace();
  }

  private static String name(EcrRepository r) {
    return r.getMetadata().getName();
  }
}
