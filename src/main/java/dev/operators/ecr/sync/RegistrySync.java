package dev.operators.ecr.sync;

import dev.operators.ecr.api.EcrRegistryStatus;
import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.ReadOnlyEcrPort;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.ScanningRule;
import dev.operators.ecr.aws.SigningRule;
import dev.operators.ecr.desired.DesiredRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Keeps the sections an EcrRegistry declares as declared, each compared by meaning: rules in the
 * order ECR keeps them, and within a rule its destinations and filters as sets (ECR replicates to
 * every destination and selects a repository when any filter matches, so their order means
 * nothing); the registry policy canonically, as repository policies are. A section the spec leaves
 * out is neither read nor written.
 */
public final class RegistrySync implements SettingSync<DesiredRegistry, RegistryObservation> {

  private final EcrPort ecr;

  public RegistrySync(EcrPort ecr) {
    this.ecr = ecr;
  }

  @Override
  public RegistrySync readOnly() {
    return new RegistrySync(new ReadOnlyEcrPort(ecr));
  }

  @Override
  public SettingOutcome<RegistryObservation> sync(DesiredRegistry desired, boolean managed) {
    String region = desired.region();
    List<String> written = new ArrayList<>();
    Integer replicationRules = null;
    Integer destinations = null;
    if (desired.replication() != null) {
      List<ReplicationRule> wanted = desired.replication();
      if (!sameRules(wanted, ecr.describeReplication(region), RegistrySync::sameReplication)) {
        ecr.putReplication(region, wanted);
        written.add(EcrRegistryStatus.REPLICATION);
      }
      replicationRules = wanted.size();
      destinations = distinctDestinations(wanted);
    }
    RegistryScanning scanning = desired.scanning();
    if (scanning != null && !sameScanning(scanning, ecr.getRegistryScanning(region))) {
      ecr.putRegistryScanning(region, scanning);
      written.add(EcrRegistryStatus.SCANNING);
    }
    String policyDigest = null;
    if (desired.policy() != null) {
      policyDigest = desired.policy().canonical().digest();
      Optional<String> found = ecr.getRegistryPolicy(region);
      if (found.isEmpty() || !policyDigest.equals(RepositoryPolicySync.digest(found.get()))) {
        ecr.putRegistryPolicy(region, desired.policy().text());
        written.add(EcrRegistryStatus.POLICY);
      }
    }
    if (desired.signing() != null) {
      // No signing configuration and one with no rules sign nothing alike.
      List<SigningRule> found = ecr.getSigning(region).orElse(List.of());
      if (!sameRules(desired.signing(), found, RegistrySync::sameSigning)) {
        ecr.putSigning(region, desired.signing());
        written.add(EcrRegistryStatus.SIGNING);
      }
    }
    List<String> registered = null;
    Integer exclusions = null;
    if (desired.exclusions() != null) {
      Exclusions result = exclusions(desired);
      registered = List.copyOf(result.registered());
      exclusions = result.count();
      if (result.wrote()) {
        written.add(EcrRegistryStatus.EXCLUSIONS);
      }
    }
    var observation =
        new RegistryObservation(
            desired.sections(),
            replicationRules,
            destinations,
            scanning == null ? null : scanning.scanType(),
            scanning == null ? null : scanning.rules().size(),
            policyDigest,
            desired.signing() == null ? null : desired.signing().size(),
            registered,
            exclusions);
    SettingOutcome.Action action =
        !managed
            ? SettingOutcome.Action.ADOPTED
            : written.isEmpty() ? SettingOutcome.Action.UNCHANGED : SettingOutcome.Action.UPDATED;
    return new SettingOutcome<>(action, written, observation, null);
  }

  /**
   * Undoes the sections the resource managed at its last pass: no replication rules, BASIC scanning
   * with no rules, no registry policy, no signing configuration, and the exclusions it registered
   * deregistered. Those others registered stay.
   */
  @Override
  public boolean delete(DesiredRegistry desired) {
    String region = desired.region();
    Set<String> managed = desired.managedBefore();
    boolean wrote = false;
    if (managed.contains(EcrRegistryStatus.REPLICATION)
        && !ecr.describeReplication(region).isEmpty()) {
      ecr.putReplication(region, List.of());
      wrote = true;
    }
    if (managed.contains(EcrRegistryStatus.SCANNING)
        && !sameScanning(RegistryScanning.DEFAULT, ecr.getRegistryScanning(region))) {
      ecr.putRegistryScanning(region, RegistryScanning.DEFAULT);
      wrote = true;
    }
    if (managed.contains(EcrRegistryStatus.POLICY)) {
      wrote |= ecr.deleteRegistryPolicy(region);
    }
    if (managed.contains(EcrRegistryStatus.SIGNING)) {
      wrote |= ecr.deleteSigning(region);
    }
    if (managed.contains(EcrRegistryStatus.EXCLUSIONS) && !desired.registeredBefore().isEmpty()) {
      Set<String> current = new HashSet<>(ecr.listPullTimeUpdateExclusions(region));
      for (String principal : desired.registeredBefore()) {
        if (current.contains(principal)) {
          wrote |= ecr.deregisterPullTimeUpdateExclusion(region, principal);
        }
      }
    }
    return wrote;
  }

  private record Exclusions(SortedSet<String> registered, int count, boolean wrote) {}

  // Registers the declared principals ECR lacks and deregisters those this resource registered
  // that the spec dropped. A declared principal ECR already holds was registered by someone else:
  // it is not this resource's to deregister later.
  private Exclusions exclusions(DesiredRegistry desired) {
    String region = desired.region();
    SortedSet<String> wanted = desired.exclusions();
    Set<String> current = new HashSet<>(ecr.listPullTimeUpdateExclusions(region));
    SortedSet<String> registered = new TreeSet<>();
    boolean wrote = false;
    for (String principal : desired.registeredBefore()) {
      if (wanted.contains(principal)) {
        if (current.contains(principal)) {
          registered.add(principal);
        }
      } else if (current.contains(principal)) {
        ecr.deregisterPullTimeUpdateExclusion(region, principal);
        current.remove(principal);
        wrote = true;
      }
    }
    List<String> registeredNow = new ArrayList<>();
    for (String principal : wanted) {
      if (current.contains(principal)) {
        continue;
      }
      try {
        ecr.registerPullTimeUpdateExclusion(region, principal);
        registeredNow.add(principal);
      } catch (EcrException e) {
        // Registered by someone else since the list: theirs, and as declared.
        if (e.kind() != EcrErrorKind.ALREADY_EXISTS) {
          undo(region, registeredNow, e);
          throw e;
        }
      }
      current.add(principal);
    }
    registered.addAll(registeredNow);
    return new Exclusions(registered, current.size(), wrote || !registeredNow.isEmpty());
  }

  // A pass that fails writes no status, so an exclusion it registered would later look like
  // someone else's: its registrations are undone (best effort) before the failure goes up, and the
  // next pass registers them again as its own.
  private void undo(String region, List<String> registeredNow, EcrException failure) {
    for (String principal : registeredNow) {
      try {
        ecr.deregisterPullTimeUpdateExclusion(region, principal);
      } catch (EcrException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static <T> boolean sameRules(List<T> wanted, List<T> found, BiPredicate<T, T> sameRule) {
    if (wanted.size() != found.size()) {
      return false;
    }
    for (int i = 0; i < wanted.size(); i++) {
      if (!sameRule.test(wanted.get(i), found.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameReplication(ReplicationRule a, ReplicationRule b) {
    return Set.copyOf(a.destinations()).equals(Set.copyOf(b.destinations()))
        && Set.copyOf(a.prefixFilters()).equals(Set.copyOf(b.prefixFilters()));
  }

  private static boolean sameScanning(RegistryScanning wanted, RegistryScanning found) {
    return Objects.equals(wanted.scanType(), found.scanType())
        && sameRules(wanted.rules(), found.rules(), RegistrySync::sameScanningRule);
  }

  private static boolean sameScanningRule(ScanningRule a, ScanningRule b) {
    return Objects.equals(a.scanFrequency(), b.scanFrequency())
        && Set.copyOf(a.wildcardFilters()).equals(Set.copyOf(b.wildcardFilters()));
  }

  private static boolean sameSigning(SigningRule a, SigningRule b) {
    return Objects.equals(a.signingProfileArn(), b.signingProfileArn())
        && Set.copyOf(a.wildcardFilters()).equals(Set.copyOf(b.wildcardFilters()));
  }

  private static int distinctDestinations(List<ReplicationRule> rules) {
    Set<ReplicationDestination> unique = new HashSet<>();
    rules.forEach(rule -> unique.addAll(rule.destinations()));
    return unique.size();
  }
}
