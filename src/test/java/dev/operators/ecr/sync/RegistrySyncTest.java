package dev.operators.ecr.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.ScanningRule;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.aws.SigningRule;
import dev.operators.ecr.desired.DesiredRegistry;
import dev.operators.ecr.desired.DesiredRepositoryPolicy;
import dev.operators.ecr.policy.RepositoryPolicy;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's sections kept as declared, through the real SDK and the ECR emulator. */
class RegistrySyncTest {
  private static final String REGION = "eu-west-1";
  private static final String ACCOUNT = EcrEmulator.DEFAULT_ACCOUNT_ID;
  private static final ReplicationDestination FRANKFURT =
      new ReplicationDestination("eu-central-1", ACCOUNT);
  private static final ReplicationDestination VIRGINIA =
      new ReplicationDestination("us-east-1", ACCOUNT);
  private static final List<ReplicationRule> REPLICATION =
      List.of(
          new ReplicationRule(List.of(FRANKFURT, VIRGINIA), List.of("release/", "prod/")),
          new ReplicationRule(List.of(FRANKFURT), List.of()));
  private static final RegistryScanning SCANNING =
      new RegistryScanning(
          "ENHANCED",
          List.of(
              new ScanningRule("CONTINUOUS_SCAN", List.of("prod-*", "release/*")),
              new ScanningRule("SCAN_ON_PUSH", List.of("*"))));
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Replicate\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
          + "\"Action\":[\"ecr:CreateRepository\",\"ecr:ReplicateImage\"],"
          + "\"Resource\":\"arn:aws:ecr:eu-west-1:123456789012:repository/*\"}]}";
  private static final String PROFILE =
      "arn:aws:signer:eu-west-1:" + ACCOUNT + ":/signing-profiles/releases";
  private static final List<SigningRule> SIGNING =
      List.of(new SigningRule(PROFILE, List.of("release/*", "prod*")));
  private static final String SCANNER = "arn:aws:iam::" + ACCOUNT + ":role/scanner";
  private static final String OTHERS = "arn:aws:iam::" + ACCOUNT + ":role/someone-elses";
  private static final List<String> ALL =
      List.of("replication", "scanning", "policy", "signing", "pullTimeUpdateExclusions");

  private EcrEmulator ecr;
  private SdkEcrPort port;
  private RegistrySync sync;

  @BeforeEach
  void start() {
    ecr = new EcrEmulator().start();
    port = EmulatorClients.port(ecr);
    sync = new RegistrySync(port);
  }

  @AfterEach
  void stop() {
    port.close();
    ecr.close();
  }

  @Test
  void theFirstPassAdoptsTheRegistryAndWritesEachDeclaredSection() {
    SettingOutcome<RegistryObservation> outcome = sync.sync(everything(), false);

    assertEquals(SettingOutcome.Action.ADOPTED, outcome.action());
    assertEquals(ALL, outcome.fields());
    assertEquals(REPLICATION, port.describeReplication(REGION));
    assertEquals(SCANNING, port.getRegistryScanning(REGION));
    assertEquals(
        RepositoryPolicy.parse(POLICY).digest(),
        RepositoryPolicy.parse(port.getRegistryPolicy(REGION).orElseThrow()).digest());
    assertEquals(Optional.of(SIGNING), port.getSigning(REGION));
    assertEquals(List.of(SCANNER), port.listPullTimeUpdateExclusions(REGION));
    assertEquals(
        new RegistryObservation(
            ALL,
            2,
            2,
            "ENHANCED",
            2,
            RepositoryPolicy.parse(POLICY).digest(),
            1,
            List.of(SCANNER),
            1),
        outcome.observed());
  }

  @Test
  void aPassOverARegistryAsDeclaredReadsEachSectionOnceAndWritesNothing() {
    sync.sync(everything(), false);
    ecr.resetCalls();

    SettingOutcome<RegistryObservation> outcome = sync.sync(withRegistered(everything()), true);

    assertEquals(SettingOutcome.Action.UNCHANGED, outcome.action());
    assertEquals(List.of(), outcome.fields());
    assertEquals(
        Map.of(
            "DescribeRegistry", 1L,
            "GetRegistryScanningConfiguration", 1L,
            "GetRegistryPolicy", 1L,
            "GetSigningConfiguration", 1L,
            "ListPullTimeUpdateExclusions", 1L),
        ecr.calls());
  }

  @Test
  void destinationsAndFiltersAreSetsButRulesKeepTheirOrder() {
    // Another tool wrote the same rules with destinations and filters in another order.
    port.putReplication(
        REGION,
        List.of(
            new ReplicationRule(List.of(VIRGINIA, FRANKFURT), List.of("prod/", "release/")),
            new ReplicationRule(List.of(FRANKFURT), List.of())));
    port.putRegistryScanning(
        REGION,
        new RegistryScanning(
            "ENHANCED",
            List.of(
                new ScanningRule("CONTINUOUS_SCAN", List.of("release/*", "prod-*")),
                new ScanningRule("SCAN_ON_PUSH", List.of("*")))));
    port.putSigning(REGION, List.of(new SigningRule(PROFILE, List.of("prod*", "release/*"))));
    // The same policy, laid out otherwise: one action as a list, keys reordered, no Version.
    port.putRegistryPolicy(
        REGION,
        "{\"Statement\": {\"Resource\": \"arn:aws:ecr:eu-west-1:123456789012:repository/*\","
            + " \"Action\": [\"ecr:ReplicateImage\", \"ECR:CreateRepository\"],"
            + " \"Principal\": {\"AWS\": [\"arn:aws:iam::210987654321:root\"]},"
            + " \"Effect\": \"Allow\", \"Sid\": \"Replicate\"}, \"Version\": \"2012-10-17\"}");

    DesiredRegistry desired = desired(REPLICATION, SCANNING, POLICY, SIGNING, null, Set.of());
    assertEquals(List.of(), sync.sync(desired, false).fields());

    // Rules swapped: ECR applies them in order, so the order is restored.
    port.putReplication(REGION, List.of(REPLICATION.get(1), REPLICATION.get(0)));
    SettingOutcome<RegistryObservation> swapped = sync.sync(desired, true);
    assertEquals(SettingOutcome.Action.UPDATED, swapped.action());
    assertEquals(List.of("replication"), swapped.fields());
    assertEquals(REPLICATION, port.describeReplication(REGION));
  }

  @Test
  void changesMadeInEcrAreRestored() {
    DesiredRegistry desired = withRegistered(everything());
    sync.sync(everything(), false);
    port.putRegistryScanning(REGION, RegistryScanning.DEFAULT);
    port.deleteRegistryPolicy(REGION);
    port.deleteSigning(REGION);
    port.deregisterPullTimeUpdateExclusion(REGION, SCANNER);
    port.putReplication(REGION, List.of());

    SettingOutcome<RegistryObservation> outcome = sync.sync(desired, true);

    assertEquals(SettingOutcome.Action.UPDATED, outcome.action());
    assertEquals(ALL, outcome.fields());
    assertEquals(SCANNING, port.getRegistryScanning(REGION));
    assertEquals(REPLICATION, port.describeReplication(REGION));
    assertEquals(Optional.of(SIGNING), port.getSigning(REGION));
    assertTrue(port.getRegistryPolicy(REGION).isPresent());
    assertEquals(List.of(SCANNER), outcome.observed().registeredExclusions());
    assertEquals(List.of(SCANNER), port.listPullTimeUpdateExclusions(REGION));
  }

  @Test
  void aSectionTheSpecLeavesOutIsNeitherReadNorWritten() {
    port.putReplication(REGION, REPLICATION);
    port.registerPullTimeUpdateExclusion(REGION, OTHERS);
    ecr.resetCalls();

    SettingOutcome<RegistryObservation> outcome =
        sync.sync(desired(null, null, POLICY, null, null, Set.of()), false);

    assertEquals(List.of("policy"), outcome.fields());
    assertEquals(Map.of("GetRegistryPolicy", 1L, "PutRegistryPolicy", 1L), ecr.calls());
    assertEquals(REPLICATION, port.describeReplication(REGION));
    assertEquals(List.of(OTHERS), port.listPullTimeUpdateExclusions(REGION));
    assertEquals(List.of("policy"), outcome.observed().sections());
    assertEquals(null, outcome.observed().replicationRules());
  }

  @Test
  void exclusionsOthersRegisteredAreNeverTheResources() {
    port.registerPullTimeUpdateExclusion(REGION, OTHERS);

    // Both declared: only the missing one is registered, and only it is the resource's.
    SettingOutcome<RegistryObservation> first =
        sync.sync(desired(null, null, null, null, sorted(SCANNER, OTHERS), Set.of()), false);
    assertEquals(List.of("pullTimeUpdateExclusions"), first.fields());
    assertEquals(List.of(SCANNER), first.observed().registeredExclusions());
    assertEquals(2, first.observed().exclusions());

    // Both dropped from the spec: the resource deregisters its own, not the other.
    SettingOutcome<RegistryObservation> second =
        sync.sync(desired(null, null, null, null, sorted(), Set.of(SCANNER)), true);
    assertEquals(List.of("pullTimeUpdateExclusions"), second.fields());
    assertEquals(List.of(), second.observed().registeredExclusions());
    assertEquals(List.of(OTHERS), port.listPullTimeUpdateExclusions(REGION));

    // Nothing left to do.
    assertEquals(
        SettingOutcome.Action.UNCHANGED,
        sync.sync(desired(null, null, null, null, sorted(), Set.of()), true).action());
  }

  @Test
  void aPassThatFailsWhileRegisteringUndoesTheRegistrationsItMade() {
    // 99 exclusions of others: ECR takes one more (100 per account), and refuses the second.
    for (int i = 0; i < 99; i++) {
      port.registerPullTimeUpdateExclusion(REGION, OTHERS + "-" + i);
    }
    String second = "arn:aws:iam::" + ACCOUNT + ":role/z-second";

    EcrException refused =
        assertThrows(
            EcrException.class,
            () ->
                sync.sync(
                    desired(null, null, null, null, sorted(SCANNER, second), Set.of()), false));

    assertEquals("RegisterPullTimeUpdateExclusion", refused.operation());
    // The first one went in, and was taken out again: the status that would say it is this
    // resource's is not written after a failed pass.
    List<String> left = port.listPullTimeUpdateExclusions(REGION);
    assertEquals(99, left.size());
    assertFalse(left.contains(SCANNER), left.toString());
  }

  @Test
  void deletingUndoesEverySectionTheResourceManagedAndLeavesOthersExclusions() {
    sync.sync(everything(), false);
    port.registerPullTimeUpdateExclusion(REGION, OTHERS);
    DesiredRegistry managed = managedBefore(withRegistered(everything()), Set.copyOf(ALL));

    assertTrue(sync.delete(managed));

    assertEquals(List.of(), port.describeReplication(REGION));
    assertEquals(RegistryScanning.DEFAULT, port.getRegistryScanning(REGION));
    assertEquals(Optional.empty(), port.getRegistryPolicy(REGION));
    assertEquals(Optional.empty(), port.getSigning(REGION));
    assertEquals(List.of(OTHERS), port.listPullTimeUpdateExclusions(REGION));
    // Already undone: reads, and the two deletes ECR answers with "not found".
    ecr.resetCalls();
    assertFalse(sync.delete(managed));
    assertEquals(
        Map.of(
            "DescribeRegistry", 1L,
            "GetRegistryScanningConfiguration", 1L,
            "DeleteRegistryPolicy", 1L,
            "DeleteSigningConfiguration", 1L,
            "ListPullTimeUpdateExclusions", 1L),
        ecr.calls());
  }

  @Test
  void deletingLeavesWhatTheResourceDidNotManage() {
    port.putReplication(REGION, REPLICATION);
    port.putRegistryPolicy(REGION, POLICY);
    DesiredRegistry desired = desired(REPLICATION, null, POLICY, null, null, Set.of());

    // The status says the resource managed only the policy (replication was added to the spec
    // since, and no pass has run).
    assertTrue(sync.delete(managedBefore(desired, Set.of("policy"))));

    assertEquals(REPLICATION, port.describeReplication(REGION));
    assertEquals(Optional.empty(), port.getRegistryPolicy(REGION));
  }

  @Test
  void whatEcrRefusesComesBackAsAnInvalidRequest() {
    // A destination that is the registry itself.
    List<ReplicationRule> toItself =
        List.of(new ReplicationRule(List.of(new ReplicationDestination(REGION, ACCOUNT)), null));

    EcrException refused =
        assertThrows(
            EcrException.class,
            () -> sync.sync(desired(toItself, null, null, null, null, Set.of()), false));

    assertEquals(EcrErrorKind.INVALID_REQUEST, refused.kind());
    assertEquals(List.of(), port.describeReplication(REGION));
  }

  private static DesiredRegistry everything() {
    return desired(REPLICATION, SCANNING, POLICY, SIGNING, sorted(SCANNER), Set.of());
  }

  // As the next pass sees it: its status lists what it registered.
  private static DesiredRegistry withRegistered(DesiredRegistry d) {
    return new DesiredRegistry(
        d.region(),
        d.replication(),
        d.scanning(),
        d.policy(),
        d.signing(),
        d.exclusions(),
        Set.copyOf(d.sections()),
        new TreeSet<>(d.exclusions()),
        d.deletionPolicy());
  }

  private static DesiredRegistry managedBefore(DesiredRegistry d, Set<String> sections) {
    return new DesiredRegistry(
        d.region(),
        d.replication(),
        d.scanning(),
        d.policy(),
        d.signing(),
        d.exclusions(),
        sections,
        d.registeredBefore(),
        DeletionPolicy.Delete);
  }

  private static DesiredRegistry desired(
      List<ReplicationRule> replication,
      RegistryScanning scanning,
      String policy,
      List<SigningRule> signing,
      SortedSet<String> exclusions,
      Set<String> registeredBefore) {
    return new DesiredRegistry(
        REGION,
        replication,
        scanning,
        policy == null ? null : new DesiredRepositoryPolicy(policy, RepositoryPolicy.parse(policy)),
        signing,
        exclusions,
        Set.of(),
        new TreeSet<>(registeredBefore),
        DeletionPolicy.Retain);
  }

  private static SortedSet<String> sorted(String... values) {
    return new TreeSet<>(List.of(values));
  }
}
