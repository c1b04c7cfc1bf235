package dev.operators.ecr.reconciler;

import dev.operators.ecr.aws.Accounts;
import dev.operators.ecr.desired.AmbientCredentials;

/**
 * How the reconcilers choose the AWS identity that acts for a resource.
 *
 * @param ambient whether a resource no EcrAccess serves is handled with the operator's own
 *     credentials ({@code --ambient-credentials})
 * @param accounts the account each identity acts in
 */
public record AccessSettings(AmbientCredentials ambient, Accounts accounts) {}
