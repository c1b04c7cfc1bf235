package dev.operators.ecr.sandbox;

import dev.operators.ecr.sandbox.emulator.EcrEmulator;

/**
 * The AWS accounts the sandbox's emulator plays besides its default one: a second account with a
 * role that anyone on this machine can assume through the emulator's STS endpoint, as a team's
 * account would have for the operator.
 */
public final class SandboxAccounts {
  /** The second account. */
  public static final String SECOND_ACCOUNT = "210987654321";

  /** The role of the second account, with no external ID. */
  public static final String TEAM_B_ROLE_ARN =
      "arn:aws:iam::" + SECOND_ACCOUNT + ":role/ecr-operator-team-b";

  /** The session name the printed AWS CLI command assumes the role with. */
  public static final String CLI_SESSION_NAME = "sandbox";

  private SandboxAccounts() {}

  /** Creates the second account's role in the emulator. */
  public static void createRoles(EcrEmulator emulator) {
    emulator.createRole(TEAM_B_ROLE_ARN, null);
  }
}
