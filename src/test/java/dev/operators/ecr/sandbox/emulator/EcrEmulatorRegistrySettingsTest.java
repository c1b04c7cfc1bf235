package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.OTHER_REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ExclusionAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ExclusionNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LimitExceededException;
import software.amazon.awssdk.services.ecr.model.ListPullTimeUpdateExclusionsResponse;
import software.amazon.awssdk.services.ecr.model.RegistryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.RegistryScanningRule;
import software.amazon.awssdk.services.ecr.model.ReplicationDestination;
import software.amazon.awssdk.services.ecr.model.ReplicationRule;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.ScanFrequency;
import software.amazon.awssdk.services.ecr.model.ScanType;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilter;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilterType;
import software.amazon.awssdk.services.ecr.model.SigningConfigurationNotFoundException;
import software.amazon.awssdk.services.ecr.model.SigningRepositoryFilter;
import software.amazon.awssdk.services.ecr.model.SigningRepositoryFilterType;
import software.amazon.awssdk.services.ecr.model.SigningRule;

/**
 * The registry's own settings through the real SDK client: replication, registry scanning, the
 * registry policy, managed signing and pull time update exclusions, one set per region.
 */
class EcrEmulatorRegistrySettingsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String OTHER_ACCOUNT = "210987654321";
  private static final String PROFILE =
      "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release_profile";
  private static final String REPLICATION_POLICY =
      """
      {"Version": "2012-10-17",
       "Statement": [{"Sid": "replicate", "Effect": "Allow",
                      "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                      "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                      "Resource": "arn:aws:ecr:eu-west-1:123456789012:repository/*"}]}
      """;

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static ReplicationDestination destination(String region, String account) {
    return ReplicationDestination.builder().region(region).registryId(account).build();
  }

  private static ReplicationRule rule(
      List<ReplicationDestination> destinations, String... prefixes) {
    ReplicationRule.Builder rule = ReplicationRule.builder().destinations(destinations);
    if (prefixes.length > 0) {
      rule.repositoryFilters(
          List.of(prefixes).stream()
              .map(p -> RepositoryFilter.builder().filterType("PREFIX_MATCH").filter(p).build())
              .toList());
    }
    return rule.build();
  }

  private void putReplication(List<ReplicationRule> rules) {
    ecr.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rules)));
  }

  private static void invalid(String contains, Executable call) {
    InvalidParameterException e = assertThrows(InvalidParameterException.class, call);
    assertTrue(e.awsErrorDetails().errorMessage().contains(contains), e::getMessage);
  }

  @Test
  void replicationIsEmptyUntilPutAndDescribeRegistryAnswersItWithTheRegistryId() {
    var before = ecr.describeRegistry(r -> {});
    assertEquals(ACCOUNT, before.registryId());
    assertEquals(List.of(), before.replicationConfiguration().rules());

    List<ReplicationRule> rules =
        List.of(
            rule(List.of(destination(OTHER_REGION, ACCOUNT)), "team-a", "team-b/"),
            ReplicationRule.builder()
                .destinations(
                    destination(REGION, OTHER_ACCOUNT), destination("ap-south-1", ACCOUNT))
                .build());
    var put = ecr.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rules)));
    var after = ecr.describeRegistry(r -> {});

    assertEquals(rules, put.replicationConfiguration().rules());
    assertEquals(rules, after.replicationConfiguration().rules());
    assertTrue(after.replicationConfiguration().rules().get(1).repositoryFilters().isEmpty());
    assertEquals(
        List.of(),
        fixture.otherRegion().describeRegistry(r -> {}).replicationConfiguration().rules(),
        "each region has its own settings");

    putReplication(List.of());
    assertEquals(List.of(), ecr.describeRegistry(r -> {}).replicationConfiguration().rules());
  }

  @Test
  void replicationLimitsAreEcrs() {
    List<ReplicationRule> eleven =
        Collections.nCopies(11, rule(List.of(destination(OTHER_REGION, ACCOUNT))));
    invalid("replicationConfiguration.rules", () -> putReplication(eleven));
    List<ReplicationDestination> twentySix =
        IntStream.range(0, 26)
            .mapToObj(i -> destination(OTHER_REGION, String.format("%012d", i + 1)))
            .toList();
    invalid("25 unique destinations", () -> putReplication(List.of(rule(twentySix))));
    List<ReplicationDestination> hundredAndOneTimesTheSame =
        Collections.nCopies(101, destination(OTHER_REGION, ACCOUNT));
    invalid("destinations", () -> putReplication(List.of(rule(hundredAndOneTimesTheSame))));
    // The same destination in two rules counts once.
    List<ReplicationDestination> twentyFive = twentySix.subList(0, 25);
    putReplication(List.of(rule(twentyFive, "a1"), rule(twentyFive, "b1")));
    List<String> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "p" + i).toList();
    invalid(
        "repositoryFilters",
        () ->
            putReplication(
                List.of(
                    rule(
                        List.of(destination(OTHER_REGION, ACCOUNT)),
                        hundredAndOne.toArray(String[]::new)))));

    assertEquals(2, ecr.describeRegistry(r -> {}).replicationConfiguration().rules().size());
  }

  @Test
  void replicationRefusesMalformedRules() {
    List<ReplicationDestination> elsewhere = List.of(destination(OTHER_REGION, ACCOUNT));
    invalid(
        "source registry",
        () -> putReplication(List.of(rule(List.of(destination(REGION, ACCOUNT))))));
    invalid(
        "region", () -> putReplication(List.of(rule(List.of(destination("EU_WEST", ACCOUNT))))));
    invalid("registryId", () -> putReplication(List.of(rule(List.of(destination(REGION, "12"))))));
    invalid("filter", () -> putReplication(List.of(rule(elsewhere, "x"))));
    invalid("filter", () -> putReplication(List.of(rule(elsewhere, "Team"))));
    invalid(
        "filterType",
        () ->
            putReplication(
                List.of(
                    ReplicationRule.builder()
                        .destinations(elsewhere)
                        .repositoryFilters(
                            RepositoryFilter.builder()
                                .filterType("WILDCARD")
                                .filter("team")
                                .build())
                        .build())));
    invalid(
        "repositoryFilters",
        () ->
            putReplication(
                List.of(
                    ReplicationRule.builder()
                        .destinations(elsewhere)
                        .repositoryFilters(List.of())
                        .build())));
    invalid("Member must not be null", () -> ecr.putReplicationConfiguration(r -> {}));
    assertEquals(List.of(), ecr.describeRegistry(r -> {}).replicationConfiguration().rules());
  }

  private static RegistryScanningRule scanRule(ScanFrequency frequency, String... filters) {
    return RegistryScanningRule.builder()
        .scanFrequency(frequency)
        .repositoryFilters(
            List.of(filters).stream()
                .map(
                    f ->
                        ScanningRepositoryFilter.builder()
                            .filterType(ScanningRepositoryFilterType.WILDCARD)
                            .filter(f)
                            .build())
                .toList())
        .build();
  }

  @Test
  void scanningIsBasicWithoutRulesUntilPut() {
    var before = ecr.getRegistryScanningConfiguration(r -> {});
    assertEquals(ACCOUNT, before.registryId());
    assertEquals(ScanType.BASIC, before.scanningConfiguration().scanType());
    assertEquals(List.of(), before.scanningConfiguration().rules());

    List<RegistryScanningRule> rules =
        List.of(
            scanRule(ScanFrequency.CONTINUOUS_SCAN, "prod-*", "*/release"),
            scanRule(ScanFrequency.SCAN_ON_PUSH, "*"));
    var put = ecr.putRegistryScanningConfiguration(r -> r.scanType(ScanType.ENHANCED).rules(rules));
    var after = ecr.getRegistryScanningConfiguration(r -> {});

    assertEquals(ScanType.ENHANCED, put.registryScanningConfiguration().scanType());
    assertEquals(rules, put.registryScanningConfiguration().rules());
    assertEquals(ScanType.ENHANCED, after.scanningConfiguration().scanType());
    assertEquals(rules, after.scanningConfiguration().rules());

    ecr.putRegistryScanningConfiguration(r -> {});
    var reset = ecr.getRegistryScanningConfiguration(r -> {}).scanningConfiguration();
    assertEquals(ScanType.BASIC, reset.scanType());
    assertEquals(List.of(), reset.rules());
  }

  @Test
  void scanningRefusesWhatItsModelRefuses() {
    invalid(
        "scanFrequency",
        () ->
            ecr.putRegistryScanningConfiguration(
                r ->
                    r.scanType(ScanType.BASIC)
                        .rules(scanRule(ScanFrequency.CONTINUOUS_SCAN, "*"))));
    invalid(
        "scanFrequency",
        () ->
            ecr.putRegistryScanningConfiguration(
                r -> r.scanType(ScanType.ENHANCED).rules(scanRule(ScanFrequency.MANUAL, "*"))));
    invalid(
        "rules",
        () ->
            ecr.putRegistryScanningConfiguration(
                r ->
                    r.rules(
                        scanRule(ScanFrequency.SCAN_ON_PUSH, "a"),
                        scanRule(ScanFrequency.SCAN_ON_PUSH, "b"),
                        scanRule(ScanFrequency.SCAN_ON_PUSH, "c"))));
    invalid(
        "filter",
        () ->
            ecr.putRegistryScanningConfiguration(
                r -> r.rules(scanRule(ScanFrequency.SCAN_ON_PUSH, "Prod"))));
    invalid("scanType", () -> ecr.putRegistryScanningConfiguration(r -> r.scanType("DEEP")));
    invalid(
        "repositoryFilters",
        () ->
            ecr.putRegistryScanningConfiguration(
                r ->
                    r.rules(RegistryScanningRule.builder().scanFrequency("SCAN_ON_PUSH").build())));
    assertEquals(
        ScanType.BASIC,
        ecr.getRegistryScanningConfiguration(r -> {}).scanningConfiguration().scanType());
  }

  @Test
  void theRegistryPolicyIsStoredInEcrsLayoutUntilDeleted() {
    assertThrows(RegistryPolicyNotFoundException.class, () -> ecr.getRegistryPolicy(r -> {}));
    assertThrows(RegistryPolicyNotFoundException.class, () -> ecr.deleteRegistryPolicy(r -> {}));

    var put = ecr.putRegistryPolicy(r -> r.policyText(REPLICATION_POLICY));
    String stored = put.policyText();

    assertEquals(ACCOUNT, put.registryId());
    assertTrue(
        stored.startsWith("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {"), stored);
    assertEquals(stored, ecr.getRegistryPolicy(r -> {}).policyText());
    assertThrows(
        RegistryPolicyNotFoundException.class,
        () -> fixture.otherRegion().getRegistryPolicy(r -> {}));
    var deleted = ecr.deleteRegistryPolicy(r -> {});
    assertEquals(stored, deleted.policyText());
    assertEquals(ACCOUNT, deleted.registryId());
    assertThrows(RegistryPolicyNotFoundException.class, () -> ecr.getRegistryPolicy(r -> {}));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "[]",
        "{}",
        "{\"Statement\": \"Allow\"}",
        "{\"Statement\": [\"Allow\"]}",
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecr:ReplicateImage\"}]}",
        "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\"}}",
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"ecr:*\"},"
            + " {\"Effect\": \"Allow\", \"Principal\": \"*\"}]}"
      })
  void aRegistryPolicyWithoutPrincipalOrActionOrNotJsonIsRefused(String text) {
    invalid(
        "Invalid registry policy provided", () -> ecr.putRegistryPolicy(r -> r.policyText(text)));
    assertThrows(RegistryPolicyNotFoundException.class, () -> ecr.getRegistryPolicy(r -> {}));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecr:BatchGetImage\"}]}",
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\"}]}",
        "{\"Version\": \"2012-10-17\"}"
      })
  void aRepositoryPolicyWithoutPrincipalOrActionIsRefused(String text) {
    fixture.createRepository("app");
    invalid(
        "Invalid repository policy provided",
        () -> ecr.setRepositoryPolicy(r -> r.repositoryName("app").policyText(text)));
    assertNull(fixture.emulator.repository(REGION, "app").orElseThrow().repositoryPolicyText());
  }

  @Test
  void negatedPrincipalsAndActionsCountAndPoliciesHaveEcrsSizeLimit() {
    String negated =
        "{\"Statement\": {\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"*\"},"
            + " \"NotAction\": \"ecr:BatchGetImage\"}}";
    ecr.putRegistryPolicy(r -> r.policyText(negated));
    String padded = REPLICATION_POLICY + " ".repeat(10240 - REPLICATION_POLICY.length());
    ecr.putRegistryPolicy(r -> r.policyText(padded));
    invalid(
        "Invalid registry policy provided",
        () -> ecr.putRegistryPolicy(r -> r.policyText(padded + " ")));
    fixture.createRepository("app");
    invalid(
        "Invalid repository policy provided",
        () -> ecr.setRepositoryPolicy(r -> r.repositoryName("app").policyText(padded + " ")));
  }

  private static SigningRule signingRule(String profile, String... filters) {
    SigningRule.Builder rule = SigningRule.builder().signingProfileArn(profile);
    if (filters.length > 0) {
      rule.repositoryFilters(
          List.of(filters).stream()
              .map(
                  f ->
                      SigningRepositoryFilter.builder()
                          .filterType(SigningRepositoryFilterType.WILDCARD_MATCH)
                          .filter(f)
                          .build())
              .toList());
    }
    return rule.build();
  }

  private void putSigning(List<SigningRule> rules) {
    ecr.putSigningConfiguration(r -> r.signingConfiguration(c -> c.rules(rules)));
  }

  @Test
  void signingIsAbsentUntilPutAndGoneWhenDeleted() {
    assertThrows(
        SigningConfigurationNotFoundException.class, () -> ecr.getSigningConfiguration(r -> {}));
    assertThrows(
        SigningConfigurationNotFoundException.class, () -> ecr.deleteSigningConfiguration(r -> {}));

    List<SigningRule> rules =
        List.of(signingRule(PROFILE, "myapp/*", "*/production"), signingRule(PROFILE));
    var put = ecr.putSigningConfiguration(r -> r.signingConfiguration(c -> c.rules(rules)));
    var got = ecr.getSigningConfiguration(r -> {});

    assertEquals(rules, put.signingConfiguration().rules());
    assertEquals(ACCOUNT, got.registryId());
    assertEquals(rules, got.signingConfiguration().rules());
    assertTrue(got.signingConfiguration().rules().get(1).repositoryFilters().isEmpty());
    var deleted = ecr.deleteSigningConfiguration(r -> {});
    assertEquals(rules, deleted.signingConfiguration().rules());
    assertThrows(
        SigningConfigurationNotFoundException.class, () -> ecr.getSigningConfiguration(r -> {}));

    putSigning(List.of());
    assertEquals(List.of(), ecr.getSigningConfiguration(r -> {}).signingConfiguration().rules());
  }

  @Test
  void signingRefusesWhatItsModelRefuses() {
    invalid("signingConfiguration", () -> ecr.putSigningConfiguration(r -> {}));
    invalid(
        "signingConfiguration.rules",
        () -> ecr.putSigningConfiguration(r -> r.signingConfiguration(c -> {})));
    invalid(
        "signingProfileArn",
        () -> putSigning(List.of(signingRule("arn:aws:signer:eu-west-1:1:x"))));
    invalid(
        "signingProfileArn",
        () ->
            putSigning(
                List.of(
                    signingRule(
                        "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/"
                            + "p".repeat(150)))));
    invalid("rules", () -> putSigning(Collections.nCopies(11, signingRule(PROFILE))));
    invalid("filter", () -> putSigning(List.of(signingRule(PROFILE, "My/App"))));
    invalid(
        "filterType",
        () ->
            putSigning(
                List.of(
                    SigningRule.builder()
                        .signingProfileArn(PROFILE)
                        .repositoryFilters(
                            SigningRepositoryFilter.builder()
                                .filterType("WILDCARD")
                                .filter("a")
                                .build())
                        .build())));
    invalid(
        "repositoryFilters",
        () ->
            putSigning(
                List.of(
                    SigningRule.builder()
                        .signingProfileArn(PROFILE)
                        .repositoryFilters(List.of())
                        .build())));
    assertThrows(
        SigningConfigurationNotFoundException.class, () -> ecr.getSigningConfiguration(r -> {}));
  }

  private static String role(int i) {
    return "arn:aws:iam::123456789012:role/scanners/scanner-" + String.format("%03d", i);
  }

  @Test
  void exclusionsAreRegisteredOnceAndDeregisteredOnce() {
    var registered = ecr.registerPullTimeUpdateExclusion(r -> r.principalArn(role(1)));
    assertEquals(role(1), registered.principalArn());
    assertEquals(T0, registered.createdAt());
    ecr.registerPullTimeUpdateExclusion(r -> r.principalArn("arn:aws:iam::123456789012:user/ci"));

    assertThrows(
        ExclusionAlreadyExistsException.class,
        () -> ecr.registerPullTimeUpdateExclusion(r -> r.principalArn(role(1))));
    assertEquals(
        List.of(role(1), "arn:aws:iam::123456789012:user/ci"),
        ecr.listPullTimeUpdateExclusions(r -> {}).pullTimeUpdateExclusions());
    assertEquals(
        role(1),
        ecr.deregisterPullTimeUpdateExclusion(r -> r.principalArn(role(1))).principalArn());
    assertThrows(
        ExclusionNotFoundException.class,
        () -> ecr.deregisterPullTimeUpdateExclusion(r -> r.principalArn(role(1))));
    assertEquals(
        List.of("arn:aws:iam::123456789012:user/ci"),
        ecr.listPullTimeUpdateExclusions(r -> {}).pullTimeUpdateExclusions());
    assertEquals(
        List.of(),
        fixture.otherRegion().listPullTimeUpdateExclusions(r -> {}).pullTimeUpdateExclusions());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:iam::123456789012:group/ops",
        "arn:aws:iam::12345:role/ops",
        "arn:aws:sts::123456789012:assumed-role/ops/session",
        "role/ops"
      })
  void anExclusionNamesAnIamRoleOrUser(String principal) {
    invalid(
        "principalArn", () -> ecr.registerPullTimeUpdateExclusion(r -> r.principalArn(principal)));
    invalid(
        "principalArn",
        () -> ecr.deregisterPullTimeUpdateExclusion(r -> r.principalArn(principal)));
  }

  @Test
  void aRegistryHoldsAHundredExclusionsListedInPages() {
    for (int i = 0; i < 100; i++) {
      int n = i;
      ecr.registerPullTimeUpdateExclusion(r -> r.principalArn(role(n)));
    }
    LimitExceededException full =
        assertThrows(
            LimitExceededException.class,
            () -> ecr.registerPullTimeUpdateExclusion(r -> r.principalArn(role(100))));
    assertTrue(full.awsErrorDetails().errorMessage().contains("100"), full::getMessage);

    ListPullTimeUpdateExclusionsResponse all = ecr.listPullTimeUpdateExclusions(r -> {});
    assertEquals(100, all.pullTimeUpdateExclusions().size(), "the default page holds 100");
    assertNull(all.nextToken());
    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      var page = ecr.listPullTimeUpdateExclusions(r -> r.maxResults(30).nextToken(next));
      paged.addAll(page.pullTimeUpdateExclusions());
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertEquals(4, pages);
    assertEquals(
        IntStream.range(0, 100).mapToObj(EcrEmulatorRegistrySettingsTest::role).toList(), paged);
    invalid("maxResults", () -> ecr.listPullTimeUpdateExclusions(r -> r.maxResults(1001)));
    invalid("nextToken", () -> ecr.listPullTimeUpdateExclusions(r -> r.nextToken("%%%")));
  }

  @Test
  void registryOperationsAreCountedAndFaultable() {
    fixture.emulator.resetCalls();
    String stored = ecr.putRegistryPolicy(r -> r.policyText(REPLICATION_POLICY)).policyText();
    ecr.getRegistryPolicy(r -> {});
    ecr.describeRegistry(r -> {});
    ecr.listPullTimeUpdateExclusions(r -> {});
    fixture.emulator.failNext("DeleteRegistryPolicy", 1, Fault.throttling());

    AwsServiceException throttled =
        assertThrows(AwsServiceException.class, () -> ecr.deleteRegistryPolicy(r -> {}));

    assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
    assertEquals(
        stored, ecr.getRegistryPolicy(r -> {}).policyText(), "a faulted call changes nothing");
    assertEquals(1, fixture.emulator.callCount("PutRegistryPolicy"));
    assertEquals(2, fixture.emulator.callCount("GetRegistryPolicy"));
    assertEquals(1, fixture.emulator.callCount("DescribeRegistry"));
    assertEquals(1, fixture.emulator.callCount("ListPullTimeUpdateExclusions"));
    assertEquals(1, fixture.emulator.callCount("DeleteRegistryPolicy"));
    assertEquals(2, fixture.emulator.writeCallCount(), "Put and Delete are writes, reads are not");
  }
}
