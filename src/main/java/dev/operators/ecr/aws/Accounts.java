package dev.operators.ecr.aws;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The AWS account each identity acts in: an assumed role's is in its ARN; the operator's own is
 * asked of ECR (DescribeRegistry, whose registry ID is the account) once per region, then kept.
 */
public final class Accounts {
  private final Function<AwsIdentity, ? extends EcrPort> ports;
  private final Map<String, String> ambient = new ConcurrentHashMap<>();

  /**
   * @param ports the port of each identity
   */
  public Accounts(Function<AwsIdentity, ? extends EcrPort> ports) {
    this.ports = ports;
  }

  /**
   * The account of {@code identity} in {@code region}.
   *
   * @throws EcrException when ECR, asked for the operator's own account, fails
   */
  public String of(AwsIdentity identity, String region) {
    if (!identity.ambient()) {
      return identity.account();
    }
    return ambient.computeIfAbsent(region, r -> ports.apply(identity).registryId(r));
  }

  /** The account when known without a call to AWS. */
  public Optional<String> known(AwsIdentity identity, String region) {
    return identity.ambient()
        ? Optional.ofNullable(ambient.get(region))
        : Optional.ofNullable(identity.account());
  }
}
