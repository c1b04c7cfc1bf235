package dev.operators.ecr.aws;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The AWS identity an ECR call is made as: the operator's own credentials (the SDK's default chain:
 * IRSA, EKS Pod Identity, instance profile), called ambient, or a role assumed from them through
 * STS. Two identities that are equal share their clients, credentials and rate limit.
 *
 * @param roleArn the role to assume; null for the ambient identity
 * @param externalId the external ID the role's trust policy asks for; null for none
 * @param sessionTags the session tags passed to AssumeRole; empty for none
 */
public record AwsIdentity(String roleArn, String externalId, Map<String, String> sessionTags) {
  /** The operator's own credentials. */
  public static final AwsIdentity AMBIENT = new AwsIdentity(null, null, Map.of());

  public AwsIdentity {
    sessionTags = sessionTags == null ? Map.of() : Map.copyOf(new TreeMap<>(sessionTags));
    if (roleArn == null && (externalId != null || !sessionTags.isEmpty())) {
      throw new IllegalArgumentException(
          "the ambient identity has no external ID and no session tags");
    }
  }

  /** The role {@code roleArn}, assumed with the given external ID (or none) and session tags. */
  public static AwsIdentity role(
      String roleArn, String externalId, Map<String, String> sessionTags) {
    return new AwsIdentity(Objects.requireNonNull(roleArn, "roleArn"), externalId, sessionTags);
  }

  /** Whether this is the operator's own identity, with no role assumed. */
  public boolean ambient() {
    return roleArn == null;
  }

  /**
   * The account the role belongs to, the fifth field of its ARN ({@code
   * arn:aws:iam::111122223333:role/name}); null for the ambient identity, whose account only AWS
   * tells, and for an ARN that is not a role's.
   */
  public String account() {
    if (roleArn == null) {
      return null;
    }
    String[] fields = roleArn.split(":", 6);
    return fields.length == 6 && fields[4].matches("\\d{12}") ? fields[4] : null;
  }

  /** Names the identity in logs and messages; the external ID is left out. */
  @Override
  public String toString() {
    return roleArn == null ? "the operator's own credentials" : "role " + roleArn;
  }
}
