package dev.operators.ecr.aws;

/**
 * The ECR port of each AWS identity. An implementation creates one port per identity on first use
 * and hands the same one out after that; the decorators (rate limit, metrics, batching) are put
 * around each by the operator.
 */
@FunctionalInterface
public interface EcrPorts {
  /** The port whose calls are made as {@code identity}. */
  EcrPort of(AwsIdentity identity);

  /**
   * Only the ambient identity, through {@code port}: asking for a role is a programming error, for
   * callers (tests, tools) that never configure one.
   */
  static EcrPorts ambientOnly(EcrPort port) {
    return identity -> {
      if (!identity.ambient()) {
        throw new IllegalStateException(
            "these ECR clients act only with the operator's own credentials, not as " + identity);
      }
      return port;
    };
  }
}
