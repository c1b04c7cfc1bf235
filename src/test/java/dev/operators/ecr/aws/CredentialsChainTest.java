package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The default AWS credentials chain can use IRSA: it needs the STS module on the classpath. */
class CredentialsChainTest {

  @Test
  void webIdentityCredentialsAreAvailableToTheDefaultChain() {
    // The SDK core looks this factory up by name; without it the chain skips web identity silently.
    assertDoesNotThrow(
        () ->
            Class.forName(
                "software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory"));
  }
}
