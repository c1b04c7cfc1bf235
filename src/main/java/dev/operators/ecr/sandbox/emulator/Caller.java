package dev.operators.ecr.sandbox.emulator;

/**
 * Who signed a request, as the emulator's accounts know them: the account its credentials belong
 * to, and the principal ARN and user ID that STS GetCallerIdentity reports.
 *
 * @param accountId the 12-digit account the request is served in
 * @param arn {@code arn:aws:iam::ACCOUNT:user/emulated} for a long-term key, {@code
 *     arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} for a key that AssumeRole issued
 * @param userId the access key ID for a long-term key; {@code ROLEID:SESSION} for a session
 */
record Caller(String accountId, String arn, String userId) {
  /** The user name every long-term key's ARN carries: the emulator keeps no IAM users. */
  static final String LONG_TERM_USER = "emulated";

  static Caller longTerm(String accessKeyId, String accountId) {
    return new Caller(
        accountId, "arn:aws:iam::" + accountId + ":user/" + LONG_TERM_USER, accessKeyId);
  }
}
