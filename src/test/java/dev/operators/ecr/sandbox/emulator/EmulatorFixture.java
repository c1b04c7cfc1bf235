package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * A started emulator with a settable clock, and real SDK clients for it that never retry, so a test
 * sees each answer as the emulator gave it.
 */
final class EmulatorFixture implements AutoCloseable {
  static final String REGION = "eu-west-1";
  static final String OTHER_REGION = "us-east-1";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final AtomicReference<Instant> clock = new AtomicReference<>(T0);
  final EcrEmulator emulator = new EcrEmulator("123456789012", clock::get).start();
  final EcrClient ecr = client(REGION);
  private EcrClient other;

  EcrClient client(String region) {
    return EmulatorClients.client(emulator.endpoint(), Region.of(region));
  }

  /** A client signing for {@link #OTHER_REGION}. */
  EcrClient otherRegion() {
    if (other == null) {
      other = client(OTHER_REGION);
    }
    return other;
  }

  void createRepository(String name) {
    ecr.createRepository(r -> r.repositoryName(name));
  }

  /** This fixture, with a repository {@code name} created. */
  EmulatorFixture withRepository(String name) {
    createRepository(name);
    return this;
  }

  @Override
  public void close() {
    ecr.close();
    if (other != null) {
      other.close();
    }
    emulator.close();
  }
}
