package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrAccessStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredAccess;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports whether each EcrAccess's spec is usable, and the account of its role. It calls no AWS
 * API: a role that cannot be assumed shows on the resources it serves, whose passes assume it
 * anyway (docs/design.md, "Which AWS identity acts").
 */
@ControllerConfiguration(name = EcrAccessReconciler.NAME)
public class EcrAccessReconciler implements Reconciler<EcrAccess> {
  public static final String NAME = "ecraccess";
  private static final Logger LOG = LoggerFactory.getLogger(EcrAccessReconciler.class);

  private final StatusWriter statusWriter;
  private final Clock clock;

  public EcrAccessReconciler(StatusWriter statusWriter, Clock clock) {
    this.statusWriter = statusWriter;
    this.clock = clock;
  }

  @Override
  public UpdateControl<EcrAccess> reconcile(EcrAccess access, Context<EcrAccess> context) {
    statusWriter.write(access, context, status(access, clock.instant()));
    return UpdateControl.noUpdate();
  }

  static EcrAccessStatus status(EcrAccess access, Instant now) {
    EcrAccessStatus previous = access.getStatus();
    EcrAccessStatus status = new EcrAccessStatus();
    Long generation = access.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    var conditions = previous == null ? null : previous.getConditions();
    try {
      DesiredAccess desired = DesiredAccess.of(access);
      status.setAccount(desired.identity().account());
      status.setConditions(
          Conditions.kstatus(
              conditions,
              true,
              false,
              false,
              Reasons.SYNCED,
              "resources it serves act as role "
                  + desired.identity().roleArn()
                  + " in account "
                  + desired.identity().account(),
              generation,
              now));
    } catch (InvalidSpecException e) {
      String message =
          "invalid spec: " + e.getMessage() + "; the resources it may serve are Stalled meanwhile";
      if (previous == null || !message.equals(stalledMessage(previous))) {
        LOG.warn("EcrAccess {}: {}", access.getMetadata().getName(), message);
      }
      status.setConditions(
          Conditions.kstatus(
              conditions, false, true, false, Reasons.INVALID_SPEC, message, generation, now));
    }
    return status;
  }

  private static String stalledMessage(EcrAccessStatus status) {
    var stalled = Conditions.find(status.getConditions(), Conditions.STALLED);
    return stalled == null ? null : stalled.getMessage();
  }
}
