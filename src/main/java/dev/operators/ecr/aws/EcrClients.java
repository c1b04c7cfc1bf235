package dev.operators.ecr.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** One ECR client per region, created on first use and shared by every caller until closed. */
public final class EcrClients implements AutoCloseable {
  /** The SDK's standard retry defaults. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_THROTTLING_BASE_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);

  /** The AWS SDK's own default pool size, for clients whose callers are not counted. */
  public static final int DEFAULT_MAX_CONNECTIONS = 50;

  private final URI endpointOverride;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final RetryStrategy retryStrategy;
  private final int maxConnections;
  private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private EcrClients(Builder builder) {
    this.endpointOverride = builder.endpointOverride;
    this.maxConnections = builder.maxConnections;
    this.ownsCredentials = builder.credentials == null;
    this.credentials =
        ownsCredentials ? DefaultCredentialsProvider.builder().build() : builder.credentials;
    // Standard strategy: AWS's retryable and throttling errors, exponential backoff with full
    // jitter, and a longer base delay after throttling.
    this.retryStrategy =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(builder.maxAttempts)
            .backoffStrategy(
                BackoffStrategy.exponentialDelay(builder.baseDelay, builder.maxBackoff))
            .throttlingBackoffStrategy(
                BackoffStrategy.exponentialDelay(builder.throttlingBaseDelay, builder.maxBackoff))
            .build();
  }

  // The same settings as base, with other credentials that the new clients do not own.
  private EcrClients(EcrClients base, AwsCredentialsProvider credentials) {
    this.endpointOverride = base.endpointOverride;
    this.maxConnections = base.maxConnections;
    this.retryStrategy = base.retryStrategy;
    this.credentials = credentials;
    this.ownsCredentials = false;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Clients with these settings (endpoint, retries, pool size) that sign with {@code credentials};
   * closing them leaves {@code credentials} open.
   */
  EcrClients withCredentials(AwsCredentialsProvider credentials) {
    return new EcrClients(this, Objects.requireNonNull(credentials, "credentials"));
  }

  /** The credentials these clients sign with: the builder's, or the SDK's default chain. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** Any ECR-compatible endpoint instead of AWS's regional one; null for AWS. */
  URI endpointOverride() {
    return endpointOverride;
  }

  /** The retry strategy every client of these settings uses. */
  RetryStrategy retryStrategy() {
    return retryStrategy;
  }

  /** The client for {@code region}, created on first use. */
  public EcrClient forRegion(String region) {
    Objects.requireNonNull(region, "region");
    if (closed) {
      throw new IllegalStateException("ECR clients are closed");
    }
    return clients.computeIfAbsent(region, this::create);
  }

  private EcrClient create(String region) {
    var builder =
        EcrClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            // Each client has its own pool: a region's calls never wait for another region's.
            .httpClientBuilder(Apache5HttpClient.builder().maxConnections(maxConnections))
            .overrideConfiguration(o -> o.retryStrategy(retryStrategy));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    return builder.build();
  }

  @Override
  public void close() {
    closed = true;
    clients.values().forEach(EcrClient::close);
    clients.clear();
    if (ownsCredentials && credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  /** Settings of the clients; every one has a default. */
  public static final class Builder {
    private URI endpointOverride;
    private AwsCredentialsProvider credentials;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration throttlingBaseDelay = DEFAULT_THROTTLING_BASE_DELAY;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;

    private Builder() {}

    /**
     * HTTP connections each region's client keeps at most: as many as calls can be made to one
     * region at once, so that no call waits for a connection and none is opened for nothing.
     */
    public Builder maxConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException(
            "max connections must be at least 1, was " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /** Any ECR-compatible endpoint instead of AWS's regional one; null for AWS. */
    public Builder endpointOverride(URI endpoint) {
      this.endpointOverride = endpoint;
      return this;
    }

    /** Default: the SDK's default chain (environment, profile, web identity, container, IMDS). */
    public Builder credentialsProvider(AwsCredentialsProvider provider) {
      this.credentials = provider;
      return this;
    }

    /** Attempts per call, the first included; 1 turns retries off. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("max attempts must be at least 1, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Base of the exponential backoff after ordinary retryable errors. */
    public Builder baseDelay(Duration delay) {
      this.baseDelay = Objects.requireNonNull(delay, "baseDelay");
      return this;
    }

    /** Base of the exponential backoff after throttling. */
    public Builder throttlingBaseDelay(Duration delay) {
      this.throttlingBaseDelay = Objects.requireNonNull(delay, "throttlingBaseDelay");
      return this;
    }

    /** The longest wait between two attempts. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = Objects.requireNonNull(backoff, "maxBackoff");
      return this;
    }

    public EcrClients build() {
      return new EcrClients(this);
    }
  }
}
