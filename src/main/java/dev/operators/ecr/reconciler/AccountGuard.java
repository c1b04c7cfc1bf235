package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AccessStatus;
import java.util.Objects;

/**
 * A resource lives in one AWS account for good: the one its status records ({@code
 * status.registryId}). When the identity that serves it now acts in another account (its namespace
 * relabelled, an EcrAccess changed), nothing is written in either account.
 */
final class AccountGuard {

  /** Appended to a refusal met while deleting a resource whose deletion policy is Delete. */
  static final String KEPT_FOR_DELETION =
      ". The resource keeps its finalizer (deletionPolicy Delete) until an identity that acts in"
          + " its account serves it again; or set spec.deletionPolicy: Retain to leave what it"
          + " manages in ECR and let the resource go";

  private AccountGuard() {}

  /**
   * Whether the pass acts as the role (or the operator's own identity) the status records, so that
   * the account is the recorded one without asking: a role's account is part of its ARN, and a
   * status written before EcrAccess existed records none, the operator's own credentials.
   */
  static boolean sameRole(AccessStatus recorded, Acting acting) {
    return Objects.equals(
        recorded == null ? null : recorded.getRoleArn(), acting.identity().roleArn());
  }

  /**
   * Why acting is refused, or null when the account is unchanged or none is recorded yet.
   *
   * @param recorded the account the status records; null when none yet
   * @param now the account the identity serving the resource acts in
   * @param what what the resource manages, for the message ("its repository")
   */
  static String moved(String recorded, String now, Acting acting, String what) {
    if (recorded == null || recorded.equals(now)) {
      return null;
    }
    return "this resource lives in AWS account "
        + recorded
        + " (status.registryId), but "
        + acting
        + " now serves it and acts in account "
        + now
        + "; the operator does not move "
        + what
        + " to another account. Restore the labels (of the resource or its namespace) or the"
        + " EcrAccess that served it, or delete this resource and create it again to start"
        + " over in account "
        + now;
  }
}
