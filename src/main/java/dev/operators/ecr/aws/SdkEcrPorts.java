package dev.operators.ecr.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * {@link EcrPorts} over the AWS SDK: one {@link SdkEcrPort} per identity, created on first use. The
 * ambient identity signs with the base credentials (the SDK's default chain unless given); a role
 * is assumed through STS with the base credentials as the source, by one credentials provider per
 * identity that all its regions' clients share and that refreshes the session in the background
 * before it expires (docs/design.md, AWS accounts).
 */
public final class SdkEcrPorts implements EcrPorts, AutoCloseable {
  /**
   * The RoleSessionName of every session: stable, so that CloudTrail in the target account shows
   * the operator as {@code assumed-role/ROLE/ecr-operator}.
   */
  public static final String ROLE_SESSION_NAME = "ecr-operator";

  /** A session is renewed in the background this long before it expires. */
  public static final Duration PREFETCH_TIME = Duration.ofMinutes(5);

  /** A call waits for a renewal once the session is this close to expiring. */
  public static final Duration STALE_TIME = Duration.ofMinutes(1);

  /** STS's region when the operator has no default region: the one of STS's global endpoint. */
  public static final String FALLBACK_STS_REGION = "us-east-1";

  private record RolePort(SdkEcrPort port, StsAssumeRoleCredentialsProvider credentials) {}

  private final EcrClients ambientClients;
  private final SdkEcrPort ambient;
  private final String stsRegion;
  private final Duration prefetchTime;
  private final Duration staleTime;
  private final Map<AwsIdentity, RolePort> roles = new ConcurrentHashMap<>();
  private StsClient sts;
  private volatile boolean closed;

  /**
   * @param clients the settings of every ECR client (endpoint, retries, pool size) and the base
   *     credentials (none: the SDK's default chain); STS is reached at the same endpoint override
   *     when one is given, at AWS's regional STS endpoint otherwise
   * @param stsRegion the region whose STS endpoint assumes the roles; null for {@value
   *     #FALLBACK_STS_REGION}
   */
  public SdkEcrPorts(EcrClients.Builder clients, String stsRegion) {
    this(clients, stsRegion, PREFETCH_TIME, STALE_TIME);
  }

  SdkEcrPorts(
      EcrClients.Builder clients, String stsRegion, Duration prefetchTime, Duration staleTime) {
    this.ambientClients = clients.build();
    this.ambient = new SdkEcrPort(ambientClients);
    this.stsRegion = stsRegion == null ? FALLBACK_STS_REGION : stsRegion;
    this.prefetchTime = Objects.requireNonNull(prefetchTime, "prefetchTime");
    this.staleTime = Objects.requireNonNull(staleTime, "staleTime");
  }

  @Override
  public EcrPort of(AwsIdentity identity) {
    if (closed) {
      throw new IllegalStateException("ECR ports are closed");
    }
    if (identity.ambient()) {
      return ambient;
    }
    return roles.computeIfAbsent(identity, this::assume).port();
  }

  private RolePort assume(AwsIdentity identity) {
    AssumeRoleRequest request =
        AssumeRoleRequest.builder()
            .roleArn(identity.roleArn())
            .roleSessionName(ROLE_SESSION_NAME)
            .externalId(identity.externalId())
            .tags(
                identity.sessionTags().entrySet().stream()
                    .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                    .toList())
            .build();
    StsAssumeRoleCredentialsProvider credentials =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts())
            .refreshRequest(request)
            .asyncCredentialUpdateEnabled(true)
            .prefetchTime(prefetchTime)
            .staleTime(staleTime)
            .build();
    return new RolePort(new SdkEcrPort(ambientClients.withCredentials(credentials)), credentials);
  }

  // One STS client for every role: the base identity calls AssumeRole, whatever the role.
  private synchronized StsClient sts() {
    if (sts == null) {
      var builder =
          StsClient.builder()
              .region(Region.of(stsRegion))
              .credentialsProvider(ambientClients.credentials())
              .httpClientBuilder(Apache5HttpClient.builder())
              .overrideConfiguration(o -> o.retryStrategy(ambientClients.retryStrategy()));
      if (ambientClients.endpointOverride() != null) {
        builder.endpointOverride(ambientClients.endpointOverride());
      }
      sts = builder.build();
    }
    return sts;
  }

  /** Closes every ECR client, every role's credentials provider, the STS client, then the base. */
  @Override
  public void close() {
    closed = true;
    List<RolePort> open = new ArrayList<>(roles.values());
    roles.clear();
    for (RolePort role : open) {
      role.port().close();
      role.credentials().close();
    }
    synchronized (this) {
      if (sts != null) {
        sts.close();
        sts = null;
      }
    }
    ambient.close();
  }
}
