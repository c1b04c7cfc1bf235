package dev.operators.ecr.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.StorageClass;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Failure;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.SyncResult.Change;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which ECR calls one pass makes: none whose answer the pass already knows. */
class RepositorySyncTest {
  private static final String REGION = "eu-west-1";
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final String POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}}]}";

  private EcrEmulator ecr;
  private SdkEcrPort port;
  private RepositorySync sync;

  @BeforeEach
  void start() {
    ecr = new EcrEmulator().start();
    port = EmulatorClients.port(ecr);
    sync =
        new RepositorySync(
            port, new LifecyclePreviews(port, OperatorSettings.forRegion(REGION).previews()));
  }

  @AfterEach
  void stop() {
    port.close();
    ecr.close();
  }

  @Test
  void aNewRepositoryCostsItsCreateAndItsPolicyAndNothingElse() {
    SyncResult result = pass(desired("team/api", false), creating());

    assertEquals(
        Map.of("CreateRepository", 1L, "PutLifecyclePolicy", 1L),
        ecr.calls(),
        "no lookup before the create, nothing read back after the writes");
    assertEquals(List.of(Change.CREATED, Change.POLICY_APPLIED), result.changes());
    assertEquals(0L, result.preview().expiring(), "a new repository holds no image");
  }

  @Test
  void aRepositoryInSyncCostsItsTagsAndItsPolicyAndNoWrite() {
    // The spec manages no setting that only DescribeRepositories reports: the tags, read by the
    // ARN the status recorded, also show that the repository is still there.
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    ecr.resetCalls();

    SyncResult result = pass(desired, status);

    assertEquals(Map.of("ListTagsForResource", 1L, "GetLifecyclePolicy", 1L), ecr.calls());
    assertTrue(result.changes().isEmpty());
    assertEquals(status.getRepositoryUri(), result.repository().uri());
    assertEquals(status.getRegistryId(), result.repository().registryId());
  }

  @Test
  void theRefreshedPreviewCountsTheBytesItWouldFreeAndTheRepositorysStorage() {
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    String name = desired.ref().name();
    long mib = 1L << 20;
    // Keep one untagged image: the two older untagged ones go, 100 and 200 MiB.
    ecr.pushImage(
        REGION, name, Image.pushed(digest(1), List.of(), NOW.minusSeconds(300)), 100 * mib);
    ecr.pushImage(
        REGION, name, Image.pushed(digest(2), List.of(), NOW.minusSeconds(200)), 200 * mib);
    ecr.pushImage(
        REGION, name, Image.pushed(digest(3), List.of(), NOW.minusSeconds(100)), 300 * mib);
    ecr.pushImage(
        REGION, name, Image.pushed(digest(4), List.of("v1"), NOW.minusSeconds(400)), 50 * mib);
    ecr.pushImage(
        REGION,
        name,
        new Image(
            digest(5),
            List.of(),
            NOW.minusSeconds(900),
            null,
            StorageClass.ARCHIVE,
            NOW.minusSeconds(800),
            null),
        10 * mib);
    ecr.resetCalls();
    Instant later = NOW.plus(OperatorSettings.DEFAULT_PREVIEW_PERIOD);

    SyncResult first = passAt(desired, status, later);
    PolicyPreview preview = first.preview();

    assertEquals(
        Map.of(
            "ListTagsForResource", 1L,
            "GetLifecyclePolicy", 1L,
            "StartLifecyclePolicyPreview", 1L,
            "DescribeImages", 1L,
            "GetLifecyclePolicyPreview", 1L),
        ecr.calls(),
        "the images are read once a preview period, with the preview");
    assertEquals(2L, preview.expiring(), "ECR's own count");
    assertEquals(300 * mib, preview.expiringBytes(), "the sizes of the two images it expires");
    assertEquals(0L, preview.transitioningBytes());
    // 300 MiB at 0.10 USD per GB-month: 0.029296875, to the cent.
    assertEquals(new BigDecimal("0.03"), preview.monthlySavings());
    assertEquals(new RepositoryStorage(4, 650 * mib, 1, 10 * mib), preview.storage());
    assertEquals(later.toString(), preview.computedAt());

    EcrRepositoryStatus refreshed = recordedAt(desired, first, later);
    ecr.resetCalls();
    PolicyPreview kept = passAt(desired, refreshed, later.plusSeconds(60)).preview();

    assertEquals(
        Map.of("ListTagsForResource", 1L, "GetLifecyclePolicy", 1L),
        ecr.calls(),
        "within the period, the preview and the storage the status recorded are kept: no call");
    assertEquals(preview, kept, "read back from the status whole");
  }

  @Test
  void aPreviewRecordedWithoutTheStorageIsRefreshedAtOnce() {
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    // As an operator that did not read the images yet recorded it.
    status.setStorage(null);
    ecr.pushImage(REGION, "team/api", Image.pushed(digest(1), List.of(), NOW), 1_000);
    ecr.resetCalls();

    PolicyPreview preview = pass(desired, status).preview();

    assertEquals(1L, ecr.calls().get("DescribeImages"), "calls: " + ecr.calls());
    assertEquals(new RepositoryStorage(1, 1_000, 0, 0), preview.storage());
  }

  @Test
  void aNewPolicyIsPreviewedWithTheBytesItWouldFree() {
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    String name = desired.ref().name();
    ecr.pushImage(REGION, name, Image.pushed(digest(1), List.of(), NOW.minusSeconds(300)), 1_000);
    ecr.pushImage(REGION, name, Image.pushed(digest(2), List.of(), NOW.minusSeconds(200)), 2_000);
    ecr.pushImage(REGION, name, Image.pushed(digest(3), List.of(), NOW.minusSeconds(100)), 4_000);
    ecr.resetCalls();

    SyncResult result = pass(keepTwo(desired), status);

    assertEquals(List.of(Change.POLICY_APPLIED), result.changes());
    assertEquals(1L, ecr.calls().get("DescribeImages"));
    assertEquals(1L, result.preview().expiring(), "the oldest untagged image");
    assertEquals(1_000L, result.preview().expiringBytes());
    assertEquals(new RepositoryStorage(3, 7_000, 0, 0), result.preview().storage());
    assertNull(result.preview().atRisk(), "no guard without the images in use");
  }

  @Test
  void theGuardAsksForTheRepositorysAccountAndReadsNothingMoreFromEcr() {
    List<String> asked = new ArrayList<>();
    Workload api = new Workload("Deployment", "team", "api", "u1");
    Workload web = new Workload("Deployment", "team", "web", "u2");
    InUseLookup inUse =
        (account, region, repository) -> {
          asked.add(account + " " + region + " " + repository);
          return Map.of(
              new EcrImage(account, region, repository, null, digest(1)), List.of(api),
              new EcrImage(account, region, repository, "v1", null), List.of(web));
        };
    RepositorySync guarded =
        new RepositorySync(
            port,
            new LifecyclePreviews(port, OperatorSettings.forRegion(REGION).previews(), inUse));
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, guarded.sync(desired, creating(), false, NOW));
    assertEquals(ImagesAtRisk.NONE, Recorded.of(status).preview().atRisk(), "a new repository");
    String name = desired.ref().name();
    ecr.pushImage(REGION, name, Image.pushed(digest(1), List.of(), NOW.minusSeconds(300)), 1_000);
    ecr.pushImage(REGION, name, Image.pushed(digest(2), List.of(), NOW.minusSeconds(200)), 2_000);
    ecr.pushImage(REGION, name, Image.pushed(digest(3), List.of(), NOW.minusSeconds(100)), 4_000);
    ecr.pushImage(REGION, name, Image.pushed(digest(4), List.of("v1"), NOW.minusSeconds(400)), 500);
    ecr.resetCalls();

    PolicyPreview preview = guarded.sync(keepTwo(desired), status, true, NOW).preview();

    assertEquals(List.of(EcrEmulator.DEFAULT_ACCOUNT_ID + " " + REGION + " team/api"), asked);
    assertEquals(1L, ecr.calls().get("DescribeImages"), "calls: " + ecr.calls());
    // The untagged image the policy expires is in use; the tagged one it keeps is not at risk.
    assertEquals(
        new ImagesAtRisk(1, 0, List.of(digest(1)), List.of("Deployment team/api")),
        preview.atRisk());
  }

  private static DesiredRepository keepTwo(DesiredRepository desired) {
    return new DesiredRepository(
        desired.ref(),
        desired.owner(),
        desired.settings(),
        desired.tags(),
        desired.repositoryPolicy(),
        new DesiredPolicy(
            DesiredPolicy.INLINE,
            null,
            LifecyclePolicy.parse(POLICY.replace("\"countNumber\":1", "\"countNumber\":2"))
                .canonical()),
        false,
        true,
        false);
  }

  private static String digest(int i) {
    return "sha256:" + String.format("%064x", i);
  }

  @Test
  void aRepositoryWhoseSettingsTheSpecManagesIsDescribedToo() {
    DesiredRepository desired =
        withSettings(
            desired("team/api", false), new RepositorySettings("IMMUTABLE", null, true, null));
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    ecr.resetCalls();

    SyncResult result = pass(desired, status);

    assertEquals(
        Map.of("DescribeRepositories", 1L, "ListTagsForResource", 1L, "GetLifecyclePolicy", 1L),
        ecr.calls());
    assertTrue(result.changes().isEmpty());
  }

  @Test
  void aRepositoryDeletedBehindTheOperatorsBackIsCreatedAgain() {
    DesiredRepository desired = desired("team/api", false);
    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    port.deleteRepository(desired.ref(), true);
    ecr.resetCalls();

    SyncResult result = pass(desired, status);

    assertEquals(
        Map.of("ListTagsForResource", 1L, "CreateRepository", 1L, "PutLifecyclePolicy", 1L),
        ecr.calls());
    assertTrue(result.changes().contains(Change.CREATED));
    assertTrue(ecr.repository(REGION, "team/api").isPresent());
  }

  @Test
  void aRepositoryCreatedByAPassThatRecordedNothingIsFoundByItsOwnerTag() {
    DesiredRepository desired = desired("team/api", false);
    port.createRepository(desired.ref(), RepositorySettings.NONE, desired.allTags());
    ecr.resetCalls();

    SyncResult result = pass(desired, creating());

    assertEquals(1, ecr.callCount("CreateRepository"), "refused: it already exists");
    assertEquals(1, ecr.callCount("DescribeRepositories"));
    assertEquals(0, ecr.callCount("TagResource"), "its owner tag is already ours");
    assertEquals(1, ecr.callCount("PutLifecyclePolicy"));
    assertFalse(result.changes().contains(Change.CREATED));
    assertFalse(result.changes().contains(Change.ADOPTED));
    assertEquals(1, ecr.repositories(REGION).size());
  }

  @Test
  void aPassThatMayFindTheRepositoryLooksItUpFirst() {
    DesiredRepository desired = desired("team/api", false);
    port.createRepository(desired.ref(), RepositorySettings.NONE, desired.allTags());
    port.putLifecyclePolicy(desired.ref(), POLICY);
    ecr.resetCalls();

    // As after a failed pass: JOSDK retries it.
    sync.sync(desired, creating(), true, NOW);

    assertEquals(0, ecr.callCount("CreateRepository"));
    assertEquals(1, ecr.callCount("DescribeRepositories"));
    assertEquals(0, ecr.callCount("PutLifecyclePolicy"), "calls: " + ecr.calls());
  }

  @Test
  void aRepositoryOfNobodyIsOnlyTakenWithAdopt() {
    port.createRepository(ref("team/api"), RepositorySettings.NONE, Map.of("team", "legacy"));
    ecr.resetCalls();

    StalledException refused =
        assertThrows(StalledException.class, () -> pass(desired("team/api", false), creating()));
    assertEquals(Reasons.ALREADY_EXISTS, refused.reason());
    assertEquals(1, ecr.writeCallCount(), "only the refused create: " + ecr.calls());

    SyncResult adopted = pass(desired("team/api", true), stalled(refused));
    assertTrue(adopted.changes().contains(Change.ADOPTED));
    assertEquals(1, ecr.callCount("CreateRepository"), "known to exist: not created again");
    assertEquals(
        "default/team/api",
        ecr.repository(REGION, "team/api").orElseThrow().tags().get(Owner.TAG_KEY));
  }

  @Test
  void aRepositoryOfAnotherResourceIsNeverTouched() {
    port.createRepository(
        ref("team/api"), RepositorySettings.NONE, Owner.of("default", "other", "api").asTags());
    var before = ecr.repository(REGION, "team/api").orElseThrow();
    ecr.resetCalls();

    StalledException refused =
        assertThrows(StalledException.class, () -> pass(desired("team/api", true), creating()));
    assertEquals(Reasons.OWNERSHIP_CONFLICT, refused.reason());
    assertThrows(StalledException.class, () -> pass(desired("team/api", true), stalled(refused)));

    assertEquals(1, ecr.callCount("CreateRepository"), "once, on the first pass");
    assertEquals(1, ecr.writeCallCount(), "calls: " + ecr.calls());
    assertEquals(before, ecr.repository(REGION, "team/api").orElseThrow());
  }

  @Test
  void aRepositoryThatExistsButCannotBeSeenYetIsRetried() {
    // ECR says it exists, then that it does not: deleted meanwhile, or not yet visible.
    ecr.failNext("CreateRepository", 1, new Fault("RepositoryAlreadyExistsException", 400, "x"));

    EcrException e =
        assertThrows(EcrException.class, () -> pass(desired("team/api", false), creating()));

    assertEquals(EcrErrorKind.ALREADY_EXISTS, e.kind());
    assertEquals(Reasons.AWS_ERROR, Failure.of(e).reason());
    assertFalse(Failure.of(e).stalled(), "retried with backoff");
    assertTrue(ecr.repositories(REGION).isEmpty());
  }

  @Test
  void onlyAStatusWithNoOutcomeYetMeansANewRepository() {
    assertFalse(StatusFactory.mayExist(null));
    assertFalse(StatusFactory.mayExist(new EcrRepositoryStatus()));
    assertFalse(StatusFactory.mayExist(creating()));

    EcrRepositoryStatus withArn = creating();
    withArn.setRepositoryArn("arn:aws:ecr:eu-west-1:123456789012:repository/team/api");
    assertTrue(StatusFactory.mayExist(withArn));
    for (String reason :
        new String[] {
          Reasons.ALREADY_EXISTS,
          Reasons.OWNERSHIP_CONFLICT,
          Reasons.ACCESS_DENIED,
          Reasons.INVALID_SPEC,
          Reasons.AWS_ERROR,
          Reasons.THROTTLED
        }) {
      assertTrue(
          StatusFactory.mayExist(StatusFactory.stalled(resource(), reason, "m", NOW)), reason);
    }
  }

  /** A pass as the reconciler makes it, not a retry: looked up first if the status says so. */
  @Test
  void aPausedPassReadsComparesAndWritesNothing() {
    DesiredRepository desired = desired("team/api", false);
    // Not there: reported as the repository, not created.
    assertEquals(List.of("repository"), sync.differences(desired, creating(), NOW));
    assertEquals(0, ecr.writeCallCount(), ecr.calls().toString());
    assertTrue(ecr.repository(REGION, "team/api").isEmpty());

    EcrRepositoryStatus status = recorded(desired, pass(desired, creating()));
    assertEquals(List.of(), sync.differences(desired, status, NOW), "ECR matches the spec");

    // Behind the operator's back: tag mutability, scan on push and the lifecycle policy.
    DesiredRepository settings =
        withSettings(desired, new RepositorySettings("IMMUTABLE", List.of(), true, null));
    port.deleteLifecyclePolicy(ref("team/api"));
    ecr.resetCalls();

    assertEquals(
        List.of("imageTagMutability", "scanOnPush", "lifecyclePolicy"),
        sync.differences(settings, status, NOW));
    assertEquals(0, ecr.writeCallCount(), ecr.calls().toString());
    assertTrue(ecr.callCount("GetLifecyclePolicy") >= 1, ecr.calls().toString());
    assertNull(ecr.repository(REGION, "team/api").orElseThrow().lifecyclePolicyText());
  }

  private SyncResult pass(DesiredRepository desired, EcrRepositoryStatus previous) {
    return sync.sync(desired, previous, StatusFactory.mayExist(previous), NOW);
  }

  private SyncResult passAt(DesiredRepository desired, EcrRepositoryStatus previous, Instant now) {
    return sync.sync(desired, previous, StatusFactory.mayExist(previous), now);
  }

  private static DesiredRepository desired(String name, boolean adopt) {
    return new DesiredRepository(
        ref(name),
        Owner.of("default", "team", "api"),
        RepositorySettings.NONE,
        null,
        null,
        new DesiredPolicy(DesiredPolicy.INLINE, null, LifecyclePolicy.parse(POLICY).canonical()),
        adopt,
        true,
        false);
  }

  private static DesiredRepository withSettings(DesiredRepository d, RepositorySettings settings) {
    return new DesiredRepository(
        d.ref(),
        d.owner(),
        settings,
        d.tags(),
        d.repositoryPolicy(),
        d.policy(),
        d.adopt(),
        d.guardInUse(),
        d.protectInUse());
  }

  private static RepositoryRef ref(String name) {
    return new RepositoryRef(REGION, name);
  }

  private static EcrRepository resource() {
    EcrRepository resource = new EcrRepository();
    resource.setMetadata(
        new ObjectMetaBuilder().withNamespace("team").withName("api").withGeneration(1L).build());
    return resource;
  }

  /** The status written before the first pass of a new resource. */
  private static EcrRepositoryStatus creating() {
    return StatusFactory.inProgress(resource(), NOW);
  }

  private static EcrRepositoryStatus stalled(StalledException e) {
    return StatusFactory.stalled(resource(), e.reason(), e.getMessage(), NOW);
  }

  /** What the status records after a pass. */
  private static EcrRepositoryStatus recorded(DesiredRepository desired, SyncResult result) {
    return recordedAt(desired, result, NOW);
  }

  private static EcrRepositoryStatus recordedAt(
      DesiredRepository desired, SyncResult result, Instant now) {
    EcrRepository resource = resource();
    resource.setStatus(creating());
    return StatusFactory.synced(resource, desired, result, false, now);
  }
}
