package dev.operators.ecr.operator;

import dev.operators.ecr.aws.EcrClients;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The operator's real ECR port, pointed at an emulator on loopback with dummy credentials. */
public final class TestEcr {
  private TestEcr() {}

  public static SdkEcrPort port(EcrEmulator emulator, int maxAttempts) {
    return new SdkEcrPort(
        EcrClients.builder()
            .endpointOverride(emulator.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .maxAttempts(maxAttempts)
            .build());
  }
}
