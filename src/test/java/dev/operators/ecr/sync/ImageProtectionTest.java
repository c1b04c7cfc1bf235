package dev.operators.ecr.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.InUseProtectionMode;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredSettings;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.status.StatusFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protection of images in use (spec.inUseProtection Protect) through whole passes against the ECR
 * emulator: the protection tag on each image in use, the protection rule first in the policy, and
 * the release of a tag after the grace period, never earlier than the declared policy alone would
 * remove the image; ECR's own lifecycle evaluation (the emulator's) keeps what is protected.
 */
class ImageProtectionTest {
  private static final String REGION = "eu-west-1";
  private static final String NAME = "team/api";
  private static final String ACCOUNT = EcrEmulator.DEFAULT_ACCOUNT_ID;
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration GRACE = Duration.ofHours(24);
  private static final ProtectionTags TAGS = ProtectionTags.of("prod");
  private static final String KEEP_ONE_UNTAGGED =
      "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep only one untagged image\","
          + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
          + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
  private static final Workload API = new Workload("Pod", "team", "api-1", "u1");
  private static final Workload BATCH = new Workload("Pod", "jobs", "nightly-1", "u2");

  private EcrEmulator ecr;
  private SdkEcrPort port;
  private final Map<EcrImage, List<Workload>> running = new HashMap<>();
  private final List<String> asked = new ArrayList<>();
  private boolean ready = true;
  private RepositorySync sync;

  @BeforeEach
  void start() {
    ecr = new EcrEmulator().start();
    port = EmulatorClients.port(ecr);
    InUseLookup lookup =
        new InUseLookup() {
          @Override
          public Map<EcrImage, List<Workload>> inUse(
              String account, String region, String repository) {
            asked.add(account + " " + region + " " + repository);
            return Map.copyOf(running);
          }

          @Override
          public boolean ready() {
            return ready;
          }
        };
    sync =
        new RepositorySync(
            port,
            new LifecyclePreviews(port, OperatorSettings.forRegion(REGION).previews(), lookup),
            lookup,
            TAGS,
            GRACE);
  }

  @AfterEach
  void stop() {
    port.close();
    ecr.close();
  }

  @Test
  void anOldUntaggedImageInUseIsKeptBesideTheOneUntaggedImageThePolicyKeeps() {
    EcrRepositoryStatus status = created("IMMUTABLE", InUseProtectionMode.Protect);
    push(1, List.of(), 300);
    push(2, List.of(), 200);
    push(3, List.of(), 100);
    run(digest(1), API);

    SyncResult result = pass(status, T0);

    assertEquals(List.of(TAGS.tagFor(digest(1))), tags(1), "tagged in an immutable repository");
    LifecyclePolicy applied = LifecyclePolicy.parse(port.getLifecyclePolicy(ref()).get().text());
    assertEquals(2, applied.rules().size());
    assertEquals(List.of(TAGS.pattern()), applied.rules().get(0).selection().tagPatterns());
    assertEquals(1, result.protection().protectedImages());
    assertEquals(1, result.protection().tagged());
    assertEquals(
        List.of(ACCOUNT + " " + REGION + " " + NAME), new ArrayList<>(new TreeSet<>(asked)));
    // ECR's evaluation: the newest untagged image and the one in use stay.
    ecr.runLifecycle(REGION, NAME, T0.plusSeconds(60));
    assertEquals(Set.of(digest(1), digest(3)), digests());
  }

  @Test
  void theStatusShowsWhatIsProtectedAndBothPolicies() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of(), 300);
    run(digest(1), API);

    EcrRepositoryStatus after = record(status, pass(status, T0), T0);

    assertEquals(1L, after.getProtection().getProtectedImages());
    assertEquals(0L, after.getProtection().getInGrace());
    assertEquals(TAGS.prefix(), after.getProtection().getTagPrefix());
    assertEquals(T0.toString(), after.getProtection().getLastChange());
    String declared = LifecyclePolicy.parse(KEEP_ONE_UNTAGGED).canonical().digest();
    assertEquals(declared, after.getLifecyclePolicy().getDigest());
    assertNotEquals(declared, after.getLifecyclePolicy().getAppliedDigest());
    assertEquals(
        LifecyclePolicy.parse(port.getLifecyclePolicy(ref()).get().text()).canonical().digest(),
        after.getLifecyclePolicy().getAppliedDigest());
  }

  @Test
  void aTagReferenceIsResolvedToTheImageThatCarriesTheTag() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of("v1"), 300);
    push(2, List.of("v2"), 200);
    running.put(new EcrImage(ACCOUNT, REGION, NAME, "v1", null), List.of(API));

    pass(status, T0);

    assertEquals(List.of("v1", TAGS.tagFor(digest(1))), tags(1));
    assertEquals(List.of("v2"), tags(2));
  }

  @Test
  void everyImageInUseIsProtectedWhoeverUsesIt() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of(), 300);
    push(2, List.of(), 200);
    push(3, List.of(), 100);
    run(digest(1), API); // two images of one Pod
    run(digest(2), API, BATCH); // and one also used in another namespace

    SyncResult result = pass(status, T0);

    assertEquals(2, result.protection().protectedImages());
    ecr.runLifecycle(REGION, NAME, T0.plusSeconds(60));
    assertEquals(Set.of(digest(1), digest(2), digest(3)), digests());
  }

  @Test
  void anImageOutOfUseKeepsItsTagThroughTheGraceThenGoesAsThePolicyWouldHaveIt() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of(), 300);
    push(3, List.of(), 100);
    run(digest(1), API);
    status = record(status, pass(status, T0), T0);
    running.clear();

    SyncResult outOfUse = pass(status, T0.plus(Duration.ofHours(1)));
    status = record(status, outOfUse, T0.plus(Duration.ofHours(1)));
    assertEquals(1, outOfUse.protection().inGrace());
    assertEquals(T0.plus(Duration.ofHours(25)), outOfUse.protection().nextRelease());
    SyncResult stillInGrace = pass(status, T0.plus(Duration.ofHours(24)));
    assertEquals(List.of(TAGS.tagFor(digest(1))), tags(1), "the grace runs from the first pass");
    status = record(status, stillInGrace, T0.plus(Duration.ofHours(24)));

    SyncResult after = pass(status, T0.plus(Duration.ofHours(26)));

    // Keep one untagged image: the older one goes, as the declared policy alone would have it.
    assertEquals(1, after.protection().released());
    assertEquals(Set.of(digest(3)), digests());
  }

  @Test
  void aTagComesOffNeverToDeleteAnImageTheDeclaredPolicyKeeps() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of(), 300);
    push(3, List.of(), 100);
    run(digest(3), API); // the newest untagged image: the policy keeps it
    status = record(status, pass(status, T0), T0);
    running.clear();
    status = record(status, pass(status, T0.plusSeconds(1)), T0.plusSeconds(1));

    SyncResult after = pass(status, T0.plus(Duration.ofHours(30)));

    assertEquals(0, after.protection().released());
    assertEquals(1, after.protection().keptByPolicy());
    assertEquals(List.of(TAGS.tagFor(digest(3))), tags(3));
    assertTrue(digests().contains(digest(3)));
  }

  @Test
  void aTagComesOffAnImageThatKeepsAnotherTag() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of("v1"), 300);
    run(digest(1), API);
    status = record(status, pass(status, T0), T0);
    running.clear();
    status = record(status, pass(status, T0.plusSeconds(1)), T0.plusSeconds(1));

    SyncResult after = pass(status, T0.plus(Duration.ofHours(30)));

    assertEquals(1, after.protection().released());
    assertEquals(List.of("v1"), tags(1));
    assertNull(record(status, after, T0.plus(Duration.ofHours(30))).getProtection().getProblems());
  }

  @Test
  void untilTheWatchesHaveListedWhatRunsNothingComesOff() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of("v1"), 300);
    run(digest(1), API);
    status = record(status, pass(status, T0), T0);
    running.clear();
    ready = false;

    SyncResult after = pass(status, T0.plus(Duration.ofHours(48)));

    assertEquals(0, after.protection().released());
    assertEquals(List.of("v1", TAGS.tagFor(digest(1))), tags(1));
  }

  @Test
  void leavingProtectRemovesTheProtectionRuleAndReleasesTheTags() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of("v1"), 300);
    push(2, List.of(), 200);
    push(3, List.of(), 100);
    run(digest(1), API);
    run(digest(2), API);
    status = record(status, pass(status, T0), T0);

    SyncResult report = sync.sync(desired(InUseProtectionMode.Report), status, true, T0);

    assertEquals(
        LifecyclePolicy.parse(KEEP_ONE_UNTAGGED).canonical().json(),
        LifecyclePolicy.parse(port.getLifecyclePolicy(ref()).get().text()).canonical().json());
    // The tag on the image with another tag comes off; the untagged image in use is the older
    // untagged one, which the declared policy expires: its tag goes, and it with it.
    assertEquals(List.of("v1"), tags(1));
    assertEquals(Set.of(digest(1), digest(3)), digests());
    assertEquals(0, report.protection().protectedImages());
    assertNull(record(status, report, T0).getProtection());
  }

  @Test
  void twoImagesInUseWhoseTagsWouldCollideAreShownAndNoTagMoves() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    String first = "sha256:" + "ab".repeat(8) + "00".repeat(24);
    String second = "sha256:" + "ab".repeat(8) + "11".repeat(24);
    ecr.pushImage(REGION, NAME, Image.pushed(first, List.of(), T0.minusSeconds(200)));
    ecr.pushImage(REGION, NAME, Image.pushed(second, List.of(), T0.minusSeconds(100)));
    run(first, API);
    run(second, API);

    EcrRepositoryStatus after = record(status, pass(status, T0), T0);

    assertEquals(1L, after.getProtection().getProtectedImages());
    assertEquals(1, after.getProtection().getProblems().size());
    assertTrue(
        after.getProtection().getProblems().get(0).contains("is on image " + first),
        after.getProtection().getProblems().toString());
    assertEquals(List.of(TAGS.tagFor(first)), imageTags(first), "the tag stayed where it was");
  }

  @Test
  void aDeclaredPatternThatAlsoSelectsProtectionTagsIsToldWhenThePolicyIsApplied() {
    EcrRepository resource = resource(InUseProtectionMode.Protect);
    resource
        .getSpec()
        .setLifecyclePolicyText(
            "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"tagged\","
                + "\"tagPatternList\":[\"*\"],\"countType\":\"imageCountMoreThan\","
                + "\"countNumber\":5},\"action\":{\"type\":\"expire\"}}]}");
    DesiredRepository desired =
        DesiredState.of(
            resource,
            new DesiredSettings("prod", REGION, false, InUseProtectionMode.Report),
            PolicyCatalog.EMPTY);

    SyncResult created = sync.sync(desired, StatusFactory.inProgress(resource, T0), false, T0);

    assertEquals(1, created.warnings().size(), created.warnings().toString());
    SyncResult.Warning warning = created.warnings().get(0);
    assertEquals("ProtectionOverlap", warning.reason());
    assertTrue(
        warning.message().contains("rules[rulePriority=1].selection.tagPatternList"),
        warning.message());
    assertTrue(warning.message().contains("spec.lifecyclePolicyText"), warning.message());
  }

  @Test
  void aPassReadsTheImagesOnlyWhenWhatRunsChangedOrTheRecheckIsDue() {
    EcrRepositoryStatus status = created("MUTABLE", InUseProtectionMode.Protect);
    push(1, List.of("v1"), 300);
    push(2, List.of(), 200);
    run(digest(1), API);
    status = record(status, pass(status, T0), T0);
    ecr.resetCalls();

    // Nothing in use changed: the images are not read again, and what is protected stays shown.
    SyncResult quiet = pass(status, T0.plusSeconds(60));
    assertEquals(null, ecr.calls().get("DescribeImages"), "calls: " + ecr.calls());
    assertEquals(1, quiet.protection().protectedImages());
    assertEquals(0, quiet.protection().tagged());

    // Another image comes into use: read and tagged in that pass.
    run(digest(2), BATCH);
    SyncResult grown = pass(status, T0.plusSeconds(120));
    assertEquals(1L, ecr.calls().get("DescribeImages"), "calls: " + ecr.calls());
    assertEquals(2, grown.protection().protectedImages());
    ecr.resetCalls();

    // A tag removed by hand is put back when the recheck period (the preview period) is over.
    port.untagImages(ref(), List.of(TAGS.tagFor(digest(1))));
    ecr.resetCalls();
    pass(status, T0.plusSeconds(180));
    assertEquals(null, ecr.calls().get("DescribeImages"));
    pass(status, T0.plus(OperatorSettings.DEFAULT_PREVIEW_PERIOD).plusSeconds(180));
    assertEquals(List.of("v1", TAGS.tagFor(digest(1))), tags(1));
  }

  private List<String> imageTags(String digest) {
    return ecr.images(REGION, NAME).stream()
        .filter(i -> i.digest().equals(digest))
        .findFirst()
        .orElseThrow()
        .tags();
  }

  private SyncResult pass(EcrRepositoryStatus status, Instant now) {
    return sync.sync(desired(InUseProtectionMode.Protect), status, true, now);
  }

  private EcrRepositoryStatus created(String mutability, InUseProtectionMode mode) {
    EcrRepositoryStatus creating = StatusFactory.inProgress(resource(mode), T0);
    SyncResult result = sync.sync(desired(mode), creating, false, T0);
    port.putImageTagMutability(ref(), mutability, List.of());
    return record(creating, result, T0);
  }

  private EcrRepositoryStatus record(EcrRepositoryStatus before, SyncResult result, Instant now) {
    EcrRepository resource = resource(InUseProtectionMode.Protect);
    resource.setStatus(before);
    return StatusFactory.synced(resource, desired(InUseProtectionMode.Protect), result, false, now);
  }

  private static DesiredRepository desired(InUseProtectionMode mode) {
    return DesiredState.of(
        resource(mode),
        new DesiredSettings("prod", REGION, false, InUseProtectionMode.Report),
        PolicyCatalog.EMPTY);
  }

  private static EcrRepository resource(InUseProtectionMode mode) {
    EcrRepository resource = new EcrRepository();
    resource.setMetadata(
        new ObjectMetaBuilder().withNamespace("team").withName("api").withGeneration(1L).build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    spec.setRepositoryName(NAME);
    spec.setLifecyclePolicyText(KEEP_ONE_UNTAGGED);
    spec.setInUseProtection(mode);
    resource.setSpec(spec);
    return resource;
  }

  private void run(String digest, Workload... users) {
    running.put(new EcrImage(ACCOUNT, REGION, NAME, null, digest), List.of(users));
  }

  private void push(int n, List<String> tags, long ageSeconds) {
    ecr.pushImage(REGION, NAME, Image.pushed(digest(n), tags, T0.minusSeconds(ageSeconds)));
  }

  private List<String> tags(int n) {
    return imageTags(digest(n));
  }

  private Set<String> digests() {
    return ecr.images(REGION, NAME).stream().map(Image::digest).collect(Collectors.toSet());
  }

  private static dev.operators.ecr.aws.RepositoryRef ref() {
    return new dev.operators.ecr.aws.RepositoryRef(REGION, NAME);
  }

  private static String digest(int n) {
    // Digests that differ in their first hex digits, as real ones do: a protection tag holds 16.
    return "sha256:" + String.format("%02x", n).repeat(32);
  }
}
