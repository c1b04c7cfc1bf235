package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRegistryStatus;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.desired.DesiredRegistry;
import dev.operators.ecr.sync.RegistryObservation;
import dev.operators.ecr.sync.RegistrySync;
import dev.operators.ecr.sync.SettingOutcome;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.time.Clock;
import java.time.Instant;

/**
 * Keeps each EcrRegistry's sections in ECR as declared; one resource per region manages the
 * registry.
 */
@ControllerConfiguration(name = EcrRegistryReconciler.NAME)
public class EcrRegistryReconciler
    extends SettingReconciler<
        EcrRegistry, EcrRegistryStatus, DesiredRegistry, RegistryObservation> {
  public static final String NAME = "ecrregistry";

  public EcrRegistryReconciler(
      ReconcilerSettings settings,
      PerIdentity<RegistrySync> syncs,
      AccessSettings access,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
    super(EcrRegistryStatus.class, settings, syncs, access, events, statusWriter, clock);
  }

  @Override
  protected Class<EcrRegistry> resourceType() {
    return EcrRegistry.class;
  }

  @Override
  protected DesiredRegistry desired(EcrRegistry resource, ReconcilerSettings settings) {
    return DesiredRegistry.of(resource, settings.desired());
  }

  @Override
  protected EcrRegistryStatus status(
      DesiredRegistry desired,
      SettingOutcome<RegistryObservation> outcome,
      EcrRegistryStatus previous,
      Instant now) {
    RegistryObservation seen = outcome.observed();
    EcrRegistryStatus status = new EcrRegistryStatus();
    status.setRegion(desired.region());
    status.setManagedSections(seen.sections());
    status.setReplicationRules(seen.replicationRules());
    status.setReplicationDestinations(seen.replicationDestinations());
    status.setScanType(seen.scanType());
    status.setScanningRules(seen.scanningRules());
    status.setPolicyDigest(seen.policyDigest());
    status.setSigningRules(seen.signingRules());
    status.setRegisteredExclusions(seen.registeredExclusions());
    status.setExclusions(seen.exclusions());
    return status;
  }
}
