package dev.operators.ecr.reconciler;

import static dev.operators.ecr.reconciler.TestResources.GENERATION;
import static dev.operators.ecr.reconciler.TestResources.repository;
import static dev.operators.ecr.reconciler.TestResources.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.api.AccessStatus;
import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.DriftCorrection;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.api.ResourceStatus;
import dev.operators.ecr.api.StorageClassUsage;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.ManagedPolicy;
import dev.operators.ecr.sync.PolicyPreview;
import dev.operators.ecr.sync.RepositoryStorage;
import dev.operators.ecr.sync.SyncResult;
import dev.operators.ecr.sync.SyncResult.Change;
import io.fabric8.kubernetes.api.model.Condition;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every status the operator writes for an EcrRepository: which conditions it sets, what it keeps of
 * the last status, and how drift is counted. Each resource is team/api at generation 3.
 */
class StatusFactoryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
  private static final String NOW_SECONDS = "2026-03-01T12:00:00Z";
  private static final DesiredRepository DESIRED =
      DesiredState.of(
          repository("{repositoryName: 'team/api'}"),
          OperatorSettings.forRegion("eu-west-1").desired(),
          PolicyCatalog.EMPTY);
  private static final RepositoryInfo ECR =
      new RepositoryInfo(
          "team/api",
          "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
          "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api",
          "123456789012",
          Instant.EPOCH,
          "MUTABLE",
          null,
          false,
          new Encryption("AES256", null));
  private static final AppliedLifecyclePolicy APPLIED =
      new AppliedLifecyclePolicy("inline", null, "sha256:0123456789abcdef", null);
  private static final LifecyclePreviewStatus PREVIEW = preview();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a sync returns for {@link #APPLIED} and {@link #PREVIEW}. */
  private static final ManagedPolicy MANAGED =
      new ManagedPolicy("inline", null, APPLIED.getDigest(), APPLIED.getDigest(), null);

  private static final PolicyPreview PREVIEWED =
      new PolicyPreview(
          APPLIED.getDigest(),
          2L,
          0L,
          "2026-03-01T11:00:00Z",
          3_000_000L,
          0L,
          new BigDecimal("0.05"),
          new RepositoryStorage(5, 9_000_000, 1, 4_000),
          null);

  private static LifecyclePreviewStatus preview() {
    LifecyclePreviewStatus preview =
        new LifecyclePreviewStatus(APPLIED.getDigest(), 2L, 0L, "2026-03-01T11:00:00Z");
    preview.setExpiringBytes(3_000_000L);
    preview.setTransitioningBytes(0L);
    preview.setMonthlySavings("0.05 USD/month");
    return preview;
  }

  /** Each way a status is built, by the name a table row gives it. */
  private static final Map<String, BiFunction<EcrRepository, Instant, EcrRepositoryStatus>>
      BUILDERS =
          Map.of(
              "inProgress", StatusFactory::inProgress,
              "stalled", (r, now) -> StatusFactory.stalled(r, "AccessDenied", "allow it", now),
              "retrying", (r, now) -> StatusFactory.retrying(r, "Throttled", "retrying", now),
              "synced", (r, now) -> StatusFactory.synced(r, DESIRED, synced(MANAGED), false, now),
              "unmanaged", (r, now) -> StatusFactory.synced(r, DESIRED, synced(null), false, now),
              "paused", (r, now) -> StatusFactory.paused(r, List.of("tags"), now),
              "pausedInSync", (r, now) -> StatusFactory.paused(r, List.of(), now),
              "mismatched",
                  (r, now) ->
                      StatusFactory.synced(
                          r,
                          DESIRED,
                          result(MANAGED, List.of(), List.of("KMS", "a key")),
                          false,
                          now));

  @ParameterizedTest(name = "{0}, a repository recorded: {1}: {2} {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          inProgress | false | Ready=False Stalled=False Reconciling=True | Creating           | creating the ECR repository and its lifecycle policy
          inProgress | true  | Ready=False Stalled=False Reconciling=True | Updating           | applying generation 3 to ECR
          stalled    | true  | Ready=False Stalled=True Reconciling=False | AccessDenied       | allow it
          retrying   | true  | Ready=False Stalled=False Reconciling=True | Throttled          | retrying
          synced     | false | Ready=True Stalled=False Reconciling=False | Synced             | ECR repository eu-west-1/team/api matches the spec; lifecycle policy sha256:0123456789abcdef
          unmanaged  | true  | Ready=True Stalled=False Reconciling=False | Synced             | ECR repository eu-west-1/team/api matches the spec; no lifecycle policy managed
          mismatched | true  | Ready=False Stalled=True Reconciling=False | EncryptionMismatch | KMS; a key
          paused     | true  | Ready=False Stalled=False Reconciling=False | Paused            | paused (annotation ecr.operators.dev/paused): nothing is written to ECR; ECR differs from the spec in tags, left as it is until the annotation is removed
          pausedInSync | false | Ready=False Stalled=False Reconciling=False | Paused          | paused (annotation ecr.operators.dev/paused): nothing is written to ECR; ECR matches the spec
          """)
  void eachStatusSetsItsConditionsAtTheResourcesGeneration(
      String builder, boolean recorded, String conditions, String reason, String message) {
    EcrRepository resource = repository("{}");
    resource.setStatus(recorded ? everyField() : null);

    EcrRepositoryStatus status = BUILDERS.get(builder).apply(resource, NOW);

    assertEquals(conditions, summary(status.getConditions()));
    assertEquals(message, Conditions.find(status.getConditions(), Conditions.READY).getMessage());
    for (Condition c : status.getConditions()) {
      assertEquals(List.of(reason, GENERATION), List.of(c.getReason(), c.getObservedGeneration()));
    }
    assertEquals(GENERATION, status.getObservedGeneration());
  }

  /** A status that is not built from a sync keeps everything else the last one recorded. */
  @ParameterizedTest
  @ValueSource(strings = {"inProgress", "stalled", "retrying"})
  void aStatusKeepsEveryFieldItDoesNotDecide(String builder) {
    EcrRepository resource = repository("{}");
    resource.setStatus(everyField());
    EcrRepositoryStatus status = BUILDERS.get(builder).apply(resource, NOW);
    assertEquals(withoutConditions(everyField()), withoutConditions(status));
  }

  @Test
  void aPausedStatusKeepsTheGenerationEcrLastMatchedSoThatResumingCountsDrift() {
    EcrRepository ready = repository("{}");
    ready.setStatus(StatusFactory.synced(ready, DESIRED, synced(MANAGED), false, NOW));
    assertTrue(StatusFactory.isReady(ready));

    // Paused while Ready, then ECR drifts: the generation it matched is kept.
    ready.setStatus(StatusFactory.paused(ready, List.of(), NOW));
    assertEquals(GENERATION, ready.getStatus().getMatchedGeneration());
    ready.setStatus(StatusFactory.paused(ready, List.of("tags"), NOW));
    assertEquals(GENERATION, ready.getStatus().getMatchedGeneration());
    assertEquals(List.of("tags"), ready.getStatus().getDrift());
    assertTrue(StatusFactory.inSync(ready), "a correction on resuming is drift");

    // The spec changes while paused: a correction on resuming would be the change, not drift.
    ready.getMetadata().setGeneration(GENERATION + 1);
    ready.setStatus(StatusFactory.paused(ready, List.of("tags"), NOW));
    assertFalse(StatusFactory.inSync(ready));

    // Resumed: what the paused passes found is gone.
    EcrRepositoryStatus resumed = StatusFactory.synced(ready, DESIRED, synced(MANAGED), true, NOW);
    assertNull(resumed.getDrift());
    assertNull(resumed.getMatchedGeneration());
  }

  @Test
  void theSampleStatusFillsEveryField() {
    Set<String> declared =
        Stream.concat(
                Arrays.stream(ResourceStatus.class.getDeclaredFields()),
                Arrays.stream(EcrRepositoryStatus.class.getDeclaredFields()))
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> filled = new TreeSet<>();
    JSON.valueToTree(everyField()).fieldNames().forEachRemaining(filled::add);
    assertEquals(declared, filled, "a new status field needs a value in everyField()");
  }

  @Test
  void aSyncedStatusRecordsWhatTheSyncFound() {
    EcrRepositoryStatus s =
        StatusFactory.synced(repository("{}"), DESIRED, synced(MANAGED), false, NOW);
    assertEquals(
        JSON.valueToTree(
            List.of(
                "team/api",
                "eu-west-1",
                ECR.arn(),
                ECR.uri(),
                ECR.registryId(),
                APPLIED,
                "sha256:b",
                List.of("team"),
                PREVIEW,
                new RepositoryStorageStatus(
                    new StorageClassUsage(5L, 9_000_000L),
                    new StorageClassUsage(1L, 4_000L),
                    "2026-03-01T11:00:00Z"))),
        JSON.valueToTree(
            Arrays.asList(
                s.getRepositoryName(),
                s.getRegion(),
                s.getRepositoryArn(),
                s.getRepositoryUri(),
                s.getRegistryId(),
                s.getLifecyclePolicy(),
                s.getRepositoryPolicyDigest(),
                s.getManagedTagKeys(),
                s.getPreview(),
                s.getStorage())));
  }

  /**
   * Writes count as drift corrections only when the resource was Ready at its generation before
   * (the {@code drift} column); then once per field, adoption aside. The last columns are the count
   * before and after, and the fields of the last correction ({@code old}: the earlier one kept).
   */
  @ParameterizedTest(name = "{0}, in sync before: {1}: {2} → {3} ({4})")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          TAGS_UPDATED                                | true  |   | 1 | tags
          TAGS_UPDATED POLICY_APPLIED                 | true  | 2 | 4 | tags lifecyclePolicy
          POLICY_REMOVED POLICY_APPLIED               | true  |   | 1 | lifecyclePolicy
          TAG_MUTABILITY_UPDATED SCAN_ON_PUSH_UPDATED | true  | 1 | 3 | imageTagMutability scanOnPush
          REPOSITORY_POLICY_REMOVED                   | true  |   | 1 | repositoryPolicy
          CREATED POLICY_APPLIED                      | true  |   | 2 | repository lifecyclePolicy
          ADOPTED                                     | true  |   |   |
          ADOPTED TAGS_UPDATED                        | true  |   | 1 | tags
          TAGS_UPDATED                                | false |   |   |
          TAGS_UPDATED                                | false | 2 | 2 | old
                                                      | true  | 2 | 2 | old
          """)
  void driftIsCountedOncePerFieldOnlyWhenTheSpecWasAlreadyMet(
      String changes, boolean drift, Long before, Long after, String fields) {
    EcrRepository resource = repository("{}");
    if (before != null) {
      resource.setStatus(new EcrRepositoryStatus());
      resource.getStatus().setDriftCorrections(before);
      resource
          .getStatus()
          .setLastDriftCorrection(new DriftCorrection("2026-02-01T00:00:00Z", List.of("old")));
    }
    List<Change> made = words(changes).stream().map(Change::valueOf).toList();

    EcrRepositoryStatus status =
        StatusFactory.synced(resource, DESIRED, result(MANAGED, made, List.of()), drift, NOW);

    assertEquals(after, status.getDriftCorrections());
    DriftCorrection last = status.getLastDriftCorrection();
    assertEquals(words(fields), last == null ? List.of() : last.getFields());
    if (last != null && !last.getFields().equals(List.of("old"))) {
      assertEquals(NOW_SECONDS, last.getTime());
    }
  }

  @ParameterizedTest(name = "Ready {0}, observed {1}, generation {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          True  | 3 | 3 | true
          True  | 2 | 3 | false
          False | 3 | 3 | false
                | 3 | 3 | false
          True  | 3 |   | false
          """)
  void readyMeansReadyTrueAtTheCurrentGeneration(
      String ready, Long observed, Long generation, boolean expected) {
    EcrRepository resource = repository("{}");
    resource.getMetadata().setGeneration(generation);
    resource.setStatus(new EcrRepositoryStatus());
    resource.getStatus().setObservedGeneration(observed);
    if (ready != null) {
      resource
          .getStatus()
          .setConditions(
              Conditions.set(
                  List.of(),
                  Conditions.READY,
                  Boolean.parseBoolean(ready),
                  "R",
                  "",
                  observed,
                  NOW));
    }
    assertEquals(expected, StatusFactory.isReady(resource));
  }

  @Test
  void aResourceWithoutStatusIsNotReady() {
    assertFalse(StatusFactory.isReady(repository("{}")));
  }

  private static SyncResult synced(ManagedPolicy applied) {
    return result(applied, List.of(), List.of());
  }

  private static SyncResult result(
      ManagedPolicy applied, List<Change> changes, List<String> mismatches) {
    return new SyncResult(
        ECR, applied, "sha256:b", List.of("team"), PREVIEWED, null, changes, mismatches, List.of());
  }

  /** A status with a value in every field, as a repository in sync with some history has. */
  private static EcrRepositoryStatus everyField() {
    EcrRepositoryStatus s = new EcrRepositoryStatus();
    s.setObservedGeneration(2L);
    s.setConditions(
        Conditions.kstatus(List.of(), true, false, false, "Synced", "in sync", 2L, Instant.EPOCH));
    s.setRepositoryName("api");
    s.setRegion("eu-west-1");
    s.setRepositoryArn("arn:aws:ecr:eu-west-1:123456789012:repository/api");
    s.setRepositoryUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api");
    s.setRegistryId("123456789012");
    s.setAccess(new AccessStatus("team-a", "arn:aws:iam::123456789012:role/ecr", null));
    s.setLifecyclePolicy(new AppliedLifecyclePolicy("ref", "org", "sha256:cafe", "2026-02-01"));
    s.setRepositoryPolicyDigest("sha256:beef");
    s.setManagedTagKeys(List.of("ecr.operators.dev/owner", "team"));
    s.setPreview(new LifecyclePreviewStatus("sha256:cafe", 1L, 0L, "2026-02-01T00:00:00Z"));
    s.setStorage(
        new RepositoryStorageStatus(
            new StorageClassUsage(3L, 300L),
            new StorageClassUsage(0L, 0L),
            "2026-02-01T00:00:00Z"));
    ProtectionStatus protection = new ProtectionStatus();
    protection.setProtectedImages(1L);
    protection.setTagPrefix("ecr-operator.keep.default.");
    s.setProtection(protection);
    s.setDriftCorrections(4L);
    s.setLastDriftCorrection(new DriftCorrection("2026-02-01T00:00:00Z", List.of("tags")));
    s.setLastHandledReconcileAt("1764590400");
    s.setDrift(List.of("lifecyclePolicy"));
    s.setMatchedGeneration(2L);
    return s;
  }

  private static ObjectNode withoutConditions(EcrRepositoryStatus status) {
    ObjectNode tree = JSON.valueToTree(status);
    tree.remove(List.of("conditions", "observedGeneration"));
    return tree;
  }

  /** The conditions in their order, as {@code Type=Status}. */
  private static String summary(List<Condition> conditions) {
    return conditions.stream()
        .map(c -> c.getType() + "=" + c.getStatus())
        .collect(Collectors.joining(" "));
  }
}
