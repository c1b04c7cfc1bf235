package dev.operators.ecr.reconciler;

import static dev.operators.ecr.reconciler.TestResources.KEEP_ONE;
import static dev.operators.ecr.reconciler.TestResources.catalog;
import static dev.operators.ecr.reconciler.TestResources.repository;
import static dev.operators.ecr.reconciler.TestResources.shared;
import static dev.operators.ecr.reconciler.TestResources.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.desired.DesiredDeletion;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepository;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.desired.SpecProblem;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.runtime.OperatorSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * From an EcrRepository to what ECR should hold, with no I/O: the defaults, each setting, where the
 * lifecycle policy comes from, and every problem with the path of the field to fix. Each resource
 * is team/api (see {@link TestResources}); the operator's region is eu-west-1.
 */
class DesiredStateTest {
  private static final OperatorSettings SETTINGS = OperatorSettings.forRegion("eu-west-1");
  private static final String KEEP_ONE_DIGEST =
      LifecyclePolicy.parse(KEEP_ONE).canonical().digest();

  /** What a row of {@link #eachSettingAndItsDefault} reads from the desired repository. */
  private static final Map<String, Function<DesiredRepository, Object>> FIELDS =
      Map.ofEntries(
          field("ref", DesiredRepository::ref),
          field("owner", DesiredRepository::owner),
          field("imageTagMutability", d -> d.settings().imageTagMutability()),
          field("exclusionFilters", d -> d.settings().exclusionFilters()),
          field("scanOnPush", d -> d.settings().scanOnPush()),
          field("encryption", d -> d.settings().encryption()),
          field("tags", d -> d.tags() == null ? null : new TreeMap<>(d.tags())),
          field("allTags", d -> new TreeMap<>(d.allTags())),
          field(
              "repositoryPolicy",
              d -> d.repositoryPolicy() == null ? null : d.repositoryPolicy().text()),
          field("policy", DesiredRepository::policy),
          field("adopt", DesiredRepository::adopt),
          field("guardInUse", DesiredRepository::guardInUse),
          field("protectInUse", DesiredRepository::protectInUse));

  /** What a row of {@link #eachSettingAndItsDefault} reads from the deletion the spec asks for. */
  private static final Map<String, Function<DesiredDeletion, Object>> DELETION_FIELDS =
      Map.of("deletionPolicy", DesiredDeletion::policy, "forceDelete", DesiredDeletion::force);

  @ParameterizedTest(name = "{0}: {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                                    | ref                | eu-west-1/api
          {region: 'us-east-1'}                                 | ref                | us-east-1/api
          {repositoryName: 'team/api-images'}                   | ref                | eu-west-1/team/api-images
          {}                                                    | owner              | default/team/api
          {}                                                    | imageTagMutability | null
          {imageTagMutability: 'IMMUTABLE'}                     | imageTagMutability | IMMUTABLE
          {}                                                    | exclusionFilters   | null
          {imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: ['latest', 'dev-*']} | exclusionFilters | [latest, dev-*]
          {}                                                    | scanOnPush         | null
          {scanOnPush: false}                                   | scanOnPush         | false
          {}                                                    | encryption         | null
          {encryption: {type: 'AES256'}}                        | encryption         | Encryption[type=AES256, kmsKey=null]
          {encryption: {type: 'KMS', kmsKey: 'alias/ecr'}}      | encryption         | Encryption[type=KMS, kmsKey=alias/ecr]
          {}                                                    | tags               | null
          {tags: {team: 'payments', tier: ''}}                  | tags               | {team=payments, tier=}
          {}                                                    | allTags            | {ecr.operators.dev/owner=default/team/api}
          {tags: {team: 'payments'}}                            | allTags            | {ecr.operators.dev/owner=default/team/api, team=payments}
          {}                                                    | repositoryPolicy   | null
          {repositoryPolicy: '{"Statement": []}'}               | repositoryPolicy   | {"Statement": []}
          {}                                                    | policy             | null
          {}                                                    | adopt              | false
          {adopt: true}                                         | adopt              | true
          {}                                                    | guardInUse         | true
          {inUseProtection: 'Report'}                           | guardInUse         | true
          {inUseProtection: 'Off'}                              | guardInUse         | false
          {}                                                    | protectInUse       | false
          {inUseProtection: 'Protect'}                          | protectInUse       | true
          {inUseProtection: 'Protect'}                          | guardInUse         | true
          {}                                                    | deletionPolicy     | Retain
          {deletionPolicy: 'Delete'}                            | deletionPolicy     | Delete
          {}                                                    | forceDelete        | false
          {forceDelete: true}                                   | forceDelete        | true
          """)
  void eachSettingAndItsDefault(String spec, String field, String expected) {
    Object actual =
        DELETION_FIELDS.containsKey(field)
            ? DELETION_FIELDS
                .get(field)
                .apply(DesiredState.deletion(repository(spec), SETTINGS.desired()).orElseThrow())
            : FIELDS.get(field).apply(desired(spec, catalog(null)));
    assertEquals(expected, String.valueOf(actual));
  }

  @Test
  void aResourceWithoutASpecGetsEveryDefault() {
    EcrRepository resource = repository("{}");
    resource.setSpec(null);
    assertEquals(
        desired("{}", catalog(null)), DesiredState.of(resource, SETTINGS.desired(), catalog(null)));
  }

  @Test
  void theOwnerNamesTheOperatorsCluster() {
    var settings = SETTINGS.toBuilder().clusterName("prod").build();
    assertEquals(
        "prod/team/api",
        DesiredState.of(repository("{}"), settings.desired(), catalog(null)).owner().value());
  }

  /** The catalog column: shared policies by name, {@code *} the default, {@code !} invalid. */
  @ParameterizedTest(name = "{0} with [{1}]: {2} {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                      |                  |         |
          {}                                      | keep             |         |
          {}                                      | org*             | default | org
          {}                                      | keep org*        | default | org
          {lifecyclePolicy: KEEP_ONE}             | org*             | inline  |
          {lifecyclePolicyText: 'KEEP_ONE'}       | org*             | text    |
          {lifecyclePolicyRef: {name: 'keep'}}    | keep org*        | ref     | keep
          {lifecyclePolicyRef: {name: 'org'}}     | org*             | ref     | org
          """)
  void thePolicyComesFromTheSpecElseTheClusterDefault(
      String spec, String catalog, String source, String name) {
    DesiredPolicy policy = desired(spec, catalog(catalog)).policy();
    if (source == null) {
      assertNull(policy);
    } else {
      assertEquals(
          List.of(source, String.valueOf(name), KEEP_ONE_DIGEST),
          List.of(policy.source(), String.valueOf(policy.name()), policy.canonical().digest()));
    }
  }

  @Test
  void aDefaultBeingDeletedNoLongerApplies() {
    EcrLifecyclePolicy leaving = shared("org*");
    leaving.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertNull(
        DesiredState.of(repository("{}"), SETTINGS.desired(), PolicyCatalog.of(List.of(leaving)))
            .policy());
  }

  @ParameterizedTest(name = "{0} with [{1}]: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {lifecyclePolicyRef: {name: 'gone'}}  | keep      | PolicyNotFound        | EcrLifecyclePolicy gone does not exist; create it or fix spec.lifecyclePolicyRef.name
          {}                                    | b* keep a* | DefaultPolicyConflict | several EcrLifecyclePolicies are annotated as the default ([a, b])
          {lifecyclePolicyRef: {name: 'bad'}}   | bad!      | PolicyInvalid         | EcrLifecyclePolicy bad is invalid: rules[0].selection.countUnit
          {}                                    | bad!*     | PolicyInvalid         | EcrLifecyclePolicy bad is invalid: rules[0].selection.countUnit
          """)
  void aSharedPolicyThatCannotBeUsedIsReportedWithItsReason(
      String spec, String catalog, String reason, String message) {
    var e =
        assertThrows(
            StalledException.class,
            () -> DesiredState.of(repository(spec), SETTINGS.desired(), catalog(catalog)));
    assertEquals(reason, e.reason());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {repositoryName: 'a'}                                  | spec.repositoryName                        | ECR repository names are 2 to 256 characters; got 1
          {repositoryName: 'Team/API'}                           | spec.repositoryName                        | 'Team/API' is not a valid ECR repository name
          {repositoryName: 'team//api'}                          | spec.repositoryName                        | 'team//api' is not a valid ECR repository name
          {region: 'mars'}                                       | spec.region                                | 'mars' is not an AWS region name
          {imageTagMutability: 'SOMETIMES'}                      | spec.imageTagMutability                    | 'SOMETIMES' is not one of MUTABLE, IMMUTABLE,
          {imageTagMutabilityExclusionFilters: ['latest']}       | spec.imageTagMutabilityExclusionFilters    | only apply with imageTagMutability MUTABLE_WITH_EXCLUSION
          {imageTagMutability: 'MUTABLE', imageTagMutabilityExclusionFilters: ['latest']} | spec.imageTagMutabilityExclusionFilters | only apply with
          {imageTagMutability: 'MUTABLE_WITH_EXCLUSION'}         | spec.imageTagMutabilityExclusionFilters    | MUTABLE_WITH_EXCLUSION needs 1 to 5 exclusion filters
          {imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: []} | spec.imageTagMutabilityExclusionFilters | MUTABLE_WITH_EXCLUSION needs 1 to 5
          {imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: ['a', 'b', 'c', 'd', 'e', 'f']} | spec.imageTagMutabilityExclusionFilters | IMMUTABLE_WITH_EXCLUSION needs 1 to 5
          {imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: ['latest', 'dev tag']} | spec.imageTagMutabilityExclusionFilters[1] | a filter is 1 to 128 letters
          {encryption: {}}                                       | spec.encryption.type                       | is required: AES256, KMS or KMS_DSSE
          {encryption: {type: 'DES'}}                            | spec.encryption.type                       | must be one of AES256, KMS, KMS_DSSE
          {encryption: {type: 'KMS', kmsKey: ''}}                | spec.encryption.kmsKey                     | must be 1 to 2048 characters; got 0
          {encryption: {type: 'AES256', kmsKey: 'alias/ecr'}}    | spec.encryption.kmsKey                     | only applies with type KMS or KMS_DSSE
          {tags: {'': 'x'}}                                      | spec.tags[]                                | a tag key is 1 to 128 characters
          {tags: {'AWS:team': 'x'}}                              | spec.tags[AWS:team]                        | keys starting with aws: are reserved by AWS
          {tags: {'ecr.operators.dev/owner': 'me'}}              | spec.tags[ecr.operators.dev/owner]         | is reserved: the operator records the owner
          {tags: {team: null}}                                   | spec.tags[team]                            | a tag value is a string of 0 to 256 characters, not null
          {repositoryPolicy: 'not json'}                         | spec.repositoryPolicy                      | is not valid JSON
          {inUseProtection: 'Protect', lifecyclePolicyText: '{"rules": [{"rulePriority": 2147483647, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}'} | spec.inUseProtection | is Protect, which puts one rule before the lifecycle policy's (spec.lifecyclePolicyText), and its rules[rulePriority=2147483647].rulePriority is the largest priority there is
          {repositoryPolicy: '{}'}                               | spec.repositoryPolicy                      | Statement: is required
          {lifecyclePolicy: KEEP_ONE, lifecyclePolicyRef: {name: 'org'}} | spec                               | lifecyclePolicy, lifecyclePolicyText and lifecyclePolicyRef cannot be combined
          {lifecyclePolicy: KEEP_ONE, lifecyclePolicyText: 'KEEP_ONE'}   | spec                               | lifecyclePolicy, lifecyclePolicyText and lifecyclePolicyRef cannot be combined; keep one
          {lifecyclePolicyRef: {name: 'Org_Default'}}            | spec.lifecyclePolicyRef.name               | must name an EcrLifecyclePolicy
          {lifecyclePolicyRef: {}}                               | spec.lifecyclePolicyRef.name               | must name an EcrLifecyclePolicy
          {lifecyclePolicy: {}}                                  | spec.lifecyclePolicy.rules                 | is required
          {lifecyclePolicy: {rules: []}}                         | spec.lifecyclePolicy.rules                 | must contain at least one rule
          {lifecyclePolicy: {rules: [{rulePriority: 1, selection: {tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 0}, action: {type: 'expire'}}]}} | spec.lifecyclePolicy.rules[0].selection.countNumber | must be at least 1
          {lifecyclePolicyText: '[KEEP_ONE]'}                     | spec.lifecyclePolicyText                   | must be a JSON object
          {lifecyclePolicyText: '{"rules": [{"rulePriority": 0, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}'} | spec.lifecyclePolicyText | rules[0].rulePriority: must be at least 1
          """)
  void eachProblemNamesTheFieldToFix(String spec, String path, String message) {
    EcrRepository resource = repository(spec);
    List<SpecProblem> problems = problems(resource, SETTINGS);
    assertEquals(List.of(path), paths(problems), problems.toString());
    assertTrue(problems.get(0).message().startsWith(message), problems.toString());
    assertEquals(problems, DesiredState.check(resource), "validate reports the same");
  }

  @Test
  void protectNeedsAnOperatorThatWatchesWhatRuns() {
    EcrRepository resource = repository("{inUseProtection: 'Protect'}");
    OperatorSettings off =
        OperatorSettings.builder()
            .defaultRegion("eu-west-1")
            .inUse(dev.operators.ecr.runtime.inuse.InUseSettings.OFF)
            .build();

    List<SpecProblem> problems = problems(resource, off);

    assertEquals(List.of("spec.inUseProtection"), paths(problems));
    assertTrue(problems.get(0).message().contains("--in-use-protection off"), problems.toString());
    assertEquals(List.of(), DesiredState.check(resource), "validate knows no operator");
  }

  @Test
  void protectPutsTheProtectionRuleFirstAndKeepsTheDeclaredPolicy() {
    EcrRepository resource =
        repository("{inUseProtection: 'Protect', lifecyclePolicyText: 'KEEP_ONE'}");

    DesiredPolicy policy = DesiredState.of(resource, SETTINGS.desired(), catalog(null)).policy();

    assertTrue(policy.protecting());
    assertEquals(LifecyclePolicy.parse(KEEP_ONE).canonical(), policy.canonical());
    LifecyclePolicy applied = LifecyclePolicy.parse(policy.applied().ecrJson());
    assertEquals(
        List.of(ProtectionTags.of(SETTINGS.clusterName()).pattern()),
        applied.rules().get(0).selection().tagPatterns());
    assertEquals(2, applied.rules().get(1).priority());
  }

  /** Just within each limit, and just beyond it. */
  static Stream<Arguments> limits() {
    String key = "k".repeat(128);
    return Stream.of(
        arguments(name(256), name(257), "spec.repositoryName"),
        arguments(region(32), region(33), "spec.region"),
        arguments(tags(49), tags(50), "spec.tags"),
        arguments(tag(key, "v"), tag(key + "k", "v"), "spec.tags[" + key + "k]"),
        arguments(tag("team", "v".repeat(256)), tag("team", "v".repeat(257)), "spec.tags[team]"),
        arguments(kmsKey(2048), kmsKey(2049), "spec.encryption.kmsKey"),
        arguments(
            prefixes(100, 1),
            prefixes(101, 1),
            "spec.lifecyclePolicy.rules[0].selection.tagPrefixList"),
        arguments(
            prefixes(1, 300),
            prefixes(1, 301),
            "spec.lifecyclePolicy.rules[0].selection.tagPrefixList[0]"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("limits")
  void eachLimitIsWhereEcrPutsIt(String within, String beyond, String path) {
    assertEquals(List.of(), paths(problems(repository(within), SETTINGS)));
    assertEquals(List.of(path), paths(problems(repository(beyond), SETTINGS)));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String spec = "{repositoryName: 'A', region: 'mars', encryption: {}, tags: {'aws:x': ''}}";
    assertEquals(
        List.of("spec.repositoryName", "spec.region", "spec.encryption.type", "spec.tags[aws:x]"),
        paths(problems(repository(spec), SETTINGS)));
  }

  @Test
  void anInvalidSpecIsRefusedBeforeItsSharedPolicyIsLookedUp() {
    String spec = "{region: 'mars', lifecyclePolicyRef: {name: 'gone'}}";
    assertEquals(List.of("spec.region"), paths(problems(repository(spec), SETTINGS)));
  }

  @Test
  void aNameFromTheMetadataIsBlamedOnTheMetadata() {
    EcrRepository resource = repository("{}");
    resource.getMetadata().setName("a");
    assertEquals(List.of("metadata.name"), paths(problems(resource, SETTINGS)));
  }

  /** The operator column is its default region; the outcome, the repository or the problem. */
  @ParameterizedTest(name = "operator {0}, spec {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          eu-west-1 | {}                    | eu-west-1/api
          eu-west-1 | {region: 'us-east-1'} | us-east-1/api
                    | {region: 'us-east-1'} | us-east-1/api
                    | {}                    | spec.region: no region given and the operator has no default region; set spec.region
          mars      | {}                    | operator --region: 'mars' is not an AWS region name such as eu-west-1
          mars      | {region: 'us-east-1'} | us-east-1/api
          """)
  void theRegionIsTheSpecsElseTheOperators(String operator, String spec, String outcome) {
    var settings = OperatorSettings.builder().defaultRegion(operator).build();
    EcrRepository resource = repository(spec);
    List<SpecProblem> problems = problems(resource, settings);
    assertEquals(
        outcome,
        problems.isEmpty()
            ? DesiredState.of(resource, settings.desired(), catalog(null)).ref().toString()
            : problems.get(0).toString());
  }

  /** The status records the repository this resource manages: it cannot move or be renamed. */
  @ParameterizedTest(name = "recorded {0} in {1}, arn {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          api | eu-west-1 | arn |
          old | eu-west-1 | arn | spec.repositoryName
          api | us-east-1 | arn | spec.region
          old | us-east-1 | arn | spec.repositoryName spec.region
          old | us-east-1 |     |
          """)
  void theRecordedRepositoryCannotBeRenamedOrMoved(
      String name, String region, String arn, String paths) {
    EcrRepository resource = repository("{}");
    resource.setStatus(recorded(name, region));
    resource.getStatus().setRepositoryArn(arn);
    assertEquals(words(paths), paths(problems(resource, SETTINGS)));
  }

  /** With the tenancy guard, team/api's repository must be named team/... */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {}                                | metadata.name
          {repositoryName: 'other/api'}     | spec.repositoryName
          {repositoryName: 'teams/api'}     | spec.repositoryName
          {repositoryName: 'team/api'}      |
          {repositoryName: 'team/api/cache'}|
          """)
  void theTenancyGuardKeepsANamespaceToItsOwnRepositories(String spec, String paths) {
    var settings = SETTINGS.toBuilder().tenancyGuard(true).build();
    assertEquals(words(paths), paths(problems(repository(spec), settings)));
  }

  @Test
  void validateNeedsNoRegionSinceTheOperatorMaySupplyOne() {
    assertEquals(List.of(), DesiredState.check(repository("{}")));
  }

  @Test
  void thePolicyOfASpecAloneIsItsInlineOrTextPolicy() {
    assertEquals(
        KEEP_ONE_DIGEST,
        DesiredState.policy(repository("{lifecyclePolicyText: 'KEEP_ONE'}").getSpec())
            .canonical()
            .digest());
    assertNull(DesiredState.policy(repository("{lifecyclePolicyRef: {name: 'org'}}").getSpec()));
    assertThrows(
        InvalidSpecException.class,
        () -> DesiredState.policy(repository("{lifecyclePolicyText: '[]'}").getSpec()));
  }

  /** Which repository a resource being deleted addresses: the recorded one, else the spec's. */
  @ParameterizedTest(name = "recorded {0} in {1}, spec {2}: {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
                   |           | {}                       | Optional[eu-west-1/api]
          team/old | us-east-1 | {}                       | Optional[us-east-1/team/old]
          team/old |           | {region: 'us-east-1'}    | Optional[us-east-1/api]
                   |           | {repositoryName: 'A'}    | Optional.empty
          team/old | us-east-1 | {repositoryName: 'A'}    | Optional[us-east-1/team/old]
          """)
  void theRepositoryToDeleteIsTheRecordedOne(String name, String region, String spec, String ref) {
    EcrRepository resource = repository(spec);
    resource.setStatus(recorded(name, region));
    assertEquals(
        ref,
        DesiredState.deletion(resource, SETTINGS.desired()).map(DesiredDeletion::ref).toString());
  }

  private static Map.Entry<String, Function<DesiredRepository, Object>> field(
      String name, Function<DesiredRepository, Object> read) {
    return Map.entry(name, read);
  }

  private static DesiredRepository desired(String spec, PolicyCatalog catalog) {
    return DesiredState.of(repository(spec), SETTINGS.desired(), catalog);
  }

  /** The problems {@link DesiredState#of} finds; none when it builds the desired state. */
  private static List<SpecProblem> problems(EcrRepository resource, OperatorSettings settings) {
    try {
      DesiredState.of(resource, settings.desired(), catalog(null));
      return List.of();
    } catch (InvalidSpecException e) {
      return e.problems();
    }
  }

  private static List<String> paths(List<SpecProblem> problems) {
    return problems.stream().map(SpecProblem::path).toList();
  }

  private static EcrRepositoryStatus recorded(String name, String region) {
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    status.setRepositoryName(name);
    status.setRegion(region);
    return status;
  }

  private static String name(int length) {
    return "{repositoryName: '" + "a".repeat(length) + "'}";
  }

  private static String region(int length) {
    return "{region: 'ap-" + "x".repeat(length - 5) + "-1'}";
  }

  private static String tags(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "t" + i + ": 'v'")
        .collect(Collectors.joining(", ", "{tags: {", "}}"));
  }

  private static String tag(String key, String value) {
    return "{tags: {'" + key + "': '" + value + "'}}";
  }

  private static String kmsKey(int length) {
    return "{encryption: {type: 'KMS', kmsKey: '" + "k".repeat(length) + "'}}";
  }

  /** A tagged rule selecting {@code count} prefixes of {@code length} characters each. */
  private static String prefixes(int count, int length) {
    String list =
        IntStream.range(0, count)
            .mapToObj(i -> "'" + String.format("%0" + length + "d", i) + "'")
            .collect(Collectors.joining(", "));
    return "{lifecyclePolicy: {rules: [{rulePriority: 1, selection: {tagStatus: 'tagged',"
        + " tagPrefixList: ["
        + list
        + "], countType: 'imageCountMoreThan', countNumber: 1}, action: {type: 'expire'}}]}}";
  }
}
