package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AccessStatus;
import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.desired.DesiredSettings;

/**
 * The AWS identity a pass acts as, and the EcrAccess that chose it.
 *
 * @param identity the identity
 * @param accessName the EcrAccess; null for the operator's own credentials
 * @param region the region of resources that name none, from the EcrAccess; null for the operator's
 *     default
 */
public record Acting(AwsIdentity identity, String accessName, String region) {

  /** The operator's own credentials, no EcrAccess serving. */
  public static final Acting AMBIENT = new Acting(AwsIdentity.AMBIENT, null, null);

  /** As the status shows it. */
  public AccessStatus status() {
    return identity.ambient()
        ? new AccessStatus(null, null, true)
        : new AccessStatus(accessName, identity.roleArn(), null);
  }

  /** The operator's settings with the access's default region, when it gives one. */
  public DesiredSettings settings(DesiredSettings base) {
    return region == null
        ? base
        : new DesiredSettings(
            base.clusterName(), region, base.tenancyGuard(), base.inUseProtection());
  }

  /** The operator's settings with the access's default region, when it gives one. */
  public ReconcilerSettings settings(ReconcilerSettings base) {
    return region == null
        ? base
        : new ReconcilerSettings(settings(base.desired()), base.resyncPeriod(), base.namespaces());
  }

  /** For messages. */
  @Override
  public String toString() {
    return identity.ambient()
        ? identity.toString()
        : "EcrAccess " + accessName + " (" + identity + ")";
  }
}
