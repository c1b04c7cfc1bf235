package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.SettingResources.condition;
import static dev.operators.ecr.operator.SettingResources.isCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRegistrySpec;
import dev.operators.ecr.api.RegistryReplicationSpec;
import dev.operators.ecr.api.RegistryScanningSpec;
import dev.operators.ecr.api.RegistrySigningSpec;
import dev.operators.ecr.api.ReplicationDestinationSpec;
import dev.operators.ecr.api.ReplicationRuleSpec;
import dev.operators.ecr.api.ScanningRuleSpec;
import dev.operators.ecr.api.SigningRuleSpec;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.ScanningRule;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.Fault;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EcrRegistry end to end: the real operator against the local API server and the ECR emulator. Each
 * test works in a region of its own, since a region has one registry.
 */
class EcrRegistryOperatorTest {
  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  private static final String ACCOUNT = EcrEmulator.DEFAULT_ACCOUNT_ID;
  private static final String SCANNER = "arn:aws:iam::" + ACCOUNT + ":role/scanner";
  private static final String OTHERS = "arn:aws:iam::" + ACCOUNT + ":role/someone-elses";
  private static final String PROFILE =
      "arn:aws:signer:eu-west-1:" + ACCOUNT + ":/signing-profiles/releases";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
          + "\"Action\":\"ecr:ReplicateImage\",\"Resource\":\"*\"}]}";

  @Test
  void createdChangedRestoredAfterDriftAndRetainedOnDeletion() {
    String region = "eu-west-1";
    EcrRegistry resource = registry("main", region);
    resource.getSpec().setReplication(replication("eu-central-1"));
    resource.getSpec().setScanning(scanning("BASIC", "SCAN_ON_PUSH"));
    resource.getSpec().setPullTimeUpdateExclusions(List.of(SCANNER));
    env.client.resource(resource).create();

    EcrRegistry ready = awaitReady("main");
    assertEquals(
        List.of("replication", "scanning", "pullTimeUpdateExclusions"),
        ready.getStatus().getManagedSections());
    assertEquals(region, ready.getStatus().getRegion());
    assertEquals(
        "registry in eu-west-1 is as declared", condition(ready, Conditions.READY).getMessage());
    assertEquals(1, ready.getStatus().getReplicationRules());
    assertEquals("BASIC", ready.getStatus().getScanType());
    assertEquals(List.of(SCANNER), ready.getStatus().getRegisteredExclusions());
    assertEquals(
        List.of(new ReplicationRule(List.of(destination("eu-central-1")), List.of("release/"))),
        env.port.describeReplication(region));
    assertEquals(List.of(SCANNER), env.port.listPullTimeUpdateExclusions(region));
    awaitEvent("main", "Adopted");

    // A change of the spec: ENHANCED scanning.
    edit("main", r -> r.getSpec().setScanning(scanning("ENHANCED", "CONTINUOUS_SCAN")));
    EcrRegistry changed = awaitReady("main");
    assertEquals("ENHANCED", changed.getStatus().getScanType());
    assertEquals(
        new RegistryScanning(
            "ENHANCED", List.of(new ScanningRule("CONTINUOUS_SCAN", List.of("*")))),
        env.port.getRegistryScanning(region));
    assertNull(changed.getStatus().getDriftCorrections());
    awaitEvent("main", "Updated");

    // Drift: someone turns scanning back to BASIC; the resync restores it and counts it.
    env.port.putRegistryScanning(region, RegistryScanning.DEFAULT);
    EcrRegistry restored = await("main", r -> drifts(r) == 1);
    assertEquals(List.of("scanning"), restored.getStatus().getLastDriftCorrection().getFields());
    assertEquals("ENHANCED", env.port.getRegistryScanning(region).scanType());
    awaitEvent("main", "DriftCorrected");
    // ... and deregisters the exclusion: registered again.
    env.port.deregisterPullTimeUpdateExclusion(region, SCANNER);
    restored = await("main", r -> drifts(r) == 2);
    assertEquals(
        List.of("pullTimeUpdateExclusions"),
        restored.getStatus().getLastDriftCorrection().getFields());
    assertEquals(List.of(SCANNER), env.port.listPullTimeUpdateExclusions(region));

    // A section removed from the spec is no longer managed, and stays in ECR as it is.
    edit("main", r -> r.getSpec().setReplication(null));
    EcrRegistry fewer =
        await(
            "main",
            r ->
                SettingResources.isReady(r)
                    && r.getStatus()
                        .getManagedSections()
                        .equals(List.of("scanning", "pullTimeUpdateExclusions")));
    assertNull(fewer.getStatus().getReplicationRules());
    assertEquals(1, env.port.describeReplication(region).size());

    // Retain (the default): deleting the resource leaves ECR as it is.
    delete("main");
    assertEquals(1, env.port.describeReplication(region).size());
    assertEquals("ENHANCED", env.port.getRegistryScanning(region).scanType());
    assertEquals(List.of(SCANNER), env.port.listPullTimeUpdateExclusions(region));
  }

  @Test
  void deletionPolicyDeleteUndoesWhatTheResourceSetAndNothingElse() {
    String region = "eu-north-1";
    env.port.registerPullTimeUpdateExclusion(region, OTHERS);
    env.port.putReplication(
        region,
        List.of(new ReplicationRule(List.of(destination("eu-central-1")), List.of("team-a/"))));
    EcrRegistry resource = registry("deleted", region);
    resource.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    resource.getSpec().setPolicy(POLICY);
    resource.getSpec().setSigning(signing());
    resource.getSpec().setPullTimeUpdateExclusions(List.of(SCANNER, OTHERS));
    env.client.resource(resource).create();
    EcrRegistry ready = awaitReady("deleted");
    assertEquals(1, ready.getStatus().getSigningRules());
    assertTrue(ready.getStatus().getPolicyDigest().startsWith("sha256:"));
    assertEquals(List.of(SCANNER), ready.getStatus().getRegisteredExclusions());
    assertEquals(2, ready.getStatus().getExclusions());

    delete("deleted");

    assertEquals(Optional.empty(), env.port.getRegistryPolicy(region));
    assertEquals(Optional.empty(), env.port.getSigning(region));
    assertEquals(List.of(OTHERS), env.port.listPullTimeUpdateExclusions(region));
    // Replication was never this resource's.
    assertEquals(1, env.port.describeReplication(region).size());
    awaitEvent("deleted", "Deleted");
  }

  @Test
  void anInvalidSpecStallsWithItsPathsAndWritesNothing() {
    long writes = env.ecr.writeCallCount();
    EcrRegistry resource = registry("invalid", "us-east-2");
    // Admission refuses this with the CRD's rule; the operator refuses it as well.
    resource.getSpec().setScanning(scanning("BASIC", "CONTINUOUS_SCAN"));
    resource.getSpec().setPolicy(POLICY);
    env.client.resource(resource).create();

    EcrRegistry stalled =
        await("invalid", r -> isCondition(r, Conditions.STALLED, "True", "InvalidSpec"));
    String message = condition(stalled, Conditions.READY).getMessage();
    assertTrue(message.contains("spec.scanning.rules[0].scanFrequency"), message);
    assertEquals(writes, env.ecr.writeCallCount(), "no ECR write for an invalid spec");
    assertEquals(Optional.empty(), env.port.getRegistryPolicy("us-east-2"));

    delete("invalid");
  }

  @Test
  void aSecondResourceForTheSameRegionIsStalledAndWritesNothingUntilTheFirstGoes() {
    String region = "ap-south-1";
    EcrRegistry first = registry("first", region);
    first.getSpec().setScanning(scanning("BASIC", "SCAN_ON_PUSH"));
    env.client.resource(first).create();
    awaitReady("first");

    long writes = env.ecr.writeCallCount();
    EcrRegistry second = registry("second", region);
    second.getSpec().setScanning(scanning("ENHANCED", "CONTINUOUS_SCAN"));
    env.client.resource(second).create();
    EcrRegistry claimed =
        await("second", r -> isCondition(r, Conditions.STALLED, "True", "ClaimedByAnother"));
    String message = condition(claimed, Conditions.READY).getMessage();
    assertTrue(message.contains("EcrRegistry first already manages"), message);
    assertEquals(writes, env.ecr.writeCallCount(), "the second resource wrote nothing");
    assertEquals("BASIC", env.port.getRegistryScanning(region).scanType());

    // The first goes (Retain): the second takes the registry over.
    delete("first");
    awaitReady("second");
    assertEquals("ENHANCED", env.port.getRegistryScanning(region).scanType());
    delete("second");
  }

  @Test
  void accessDeniedStallsAndThrottlingIsRetriedBothRecover() {
    String region = "sa-east-1";
    env.ecr.failAlways("PutRegistryPolicy", Fault.accessDenied());
    EcrRegistry resource = registry("faults", region);
    resource.getSpec().setPolicy(POLICY);
    env.client.resource(resource).create();

    EcrRegistry denied =
        await("faults", r -> isCondition(r, Conditions.STALLED, "True", "AccessDenied"));
    String message = condition(denied, Conditions.READY).getMessage();
    assertTrue(message.contains("ecr:PutRegistryPolicy"), message);
    env.ecr.clearFaults();
    awaitReady("faults");

    env.ecr.failAlways("GetRegistryPolicy", Fault.throttling());
    edit("faults", r -> r.getSpec().setScanning(scanning("BASIC", "SCAN_ON_PUSH")));
    EcrRegistry throttled =
        await("faults", r -> isCondition(r, Conditions.READY, "False", "Throttled"));
    assertTrue(isCondition(throttled, Conditions.RECONCILING, "True", "Throttled"));
    assertTrue(isCondition(throttled, Conditions.STALLED, "False", null));
    env.ecr.clearFaults();
    awaitReady("faults");
    delete("faults");
  }

  private static EcrRegistry registry(String name, String region) {
    EcrRegistry resource = new EcrRegistry();
    resource.getMetadata().setName(name);
    EcrRegistrySpec spec = new EcrRegistrySpec();
    spec.setRegion(region);
    resource.setSpec(spec);
    return resource;
  }

  private static RegistryReplicationSpec replication(String destinationRegion) {
    ReplicationRuleSpec rule = new ReplicationRuleSpec();
    rule.setDestinations(List.of(new ReplicationDestinationSpec(destinationRegion, ACCOUNT)));
    rule.setRepositoryFilters(List.of("release/"));
    RegistryReplicationSpec replication = new RegistryReplicationSpec();
    replication.setRules(List.of(rule));
    return replication;
  }

  private static RegistryScanningSpec scanning(String type, String frequency) {
    ScanningRuleSpec rule = new ScanningRuleSpec();
    rule.setScanFrequency(frequency);
    rule.setRepositoryFilters(List.of("*"));
    RegistryScanningSpec scanning = new RegistryScanningSpec();
    scanning.setScanType(type);
    scanning.setRules(List.of(rule));
    return scanning;
  }

  private static RegistrySigningSpec signing() {
    SigningRuleSpec rule = new SigningRuleSpec();
    rule.setSigningProfileArn(PROFILE);
    RegistrySigningSpec signing = new RegistrySigningSpec();
    signing.setRules(List.of(rule));
    return signing;
  }

  private static ReplicationDestination destination(String region) {
    return new ReplicationDestination(region, ACCOUNT);
  }

  private static void edit(String name, java.util.function.Consumer<EcrRegistry> change) {
    env.client
        .resources(EcrRegistry.class)
        .withName(name)
        .edit(
            r -> {
              change.accept(r);
              return r;
            });
  }

  private static void delete(String name) {
    env.client.resources(EcrRegistry.class).withName(name).delete();
    SettingResources.awaitGone(env.client, EcrRegistry.class, name);
  }

  private static EcrRegistry await(String name, Predicate<EcrRegistry> condition) {
    return SettingResources.await(env.client, EcrRegistry.class, name, condition);
  }

  private static EcrRegistry awaitReady(String name) {
    return await(name, SettingResources::isReady);
  }

  private static long drifts(EcrRegistry r) {
    return r.getStatus() == null || r.getStatus().getDriftCorrections() == null
        ? 0
        : r.getStatus().getDriftCorrections();
  }

  private static void awaitEvent(String name, String reason) {
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(
            () ->
                SettingResources.events(env.client, name).stream()
                    .map(Event::getReason)
                    .anyMatch(reason::equals));
  }
}
