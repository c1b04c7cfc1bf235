package dev.operators.ecr.sandbox.emulator;

import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.SdkEcrPort;
import java.net.URI;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The real AWS SDK pointed at an ECR emulator on this machine, with dummy credentials: the one way
 * the tests reach an emulator through the SDK. An endpoint that is not a loopback address is
 * refused, so that no test can call AWS or any other host.
 */
public final class EmulatorClients {
  /** Credentials to sign with: the emulator checks none, but the SDK will not send unsigned. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  private EmulatorClients() {}

  /** The operator's real ECR port to the emulator, making one attempt per call. */
  public static SdkEcrPort port(EcrEmulator emulator) {
    return new SdkEcrPort(clients(emulator.endpoint()).build());
  }

  /**
   * The operator's client settings for an emulator (or a proxy in front of one) at {@code
   * endpoint}: one attempt per call unless the test sets more; other credentials may replace the
   * dummy ones.
   */
  public static EcrClients.Builder clients(URI endpoint) {
    return EcrClients.builder()
        .endpointOverride(loopback(endpoint))
        .credentialsProvider(CREDENTIALS)
        .maxAttempts(1);
  }

  /** A plain SDK client for one region that never retries: each answer as the emulator gave it. */
  public static EcrClient client(URI endpoint, Region region) {
    return EcrClient.builder()
        .endpointOverride(loopback(endpoint))
        .region(region)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  // Decided from the text alone, with no name lookup.
  private static URI loopback(URI endpoint) {
    String host = endpoint.getHost() == null ? "" : endpoint.getHost();
    if (host.equals("localhost") || host.equals("[::1]") || LOOPBACK_V4.matcher(host).matches()) {
      return endpoint;
    }
    throw new IllegalArgumentException(
        endpoint + " is not on this machine: tests reach ECR only through a local emulator");
  }
}
