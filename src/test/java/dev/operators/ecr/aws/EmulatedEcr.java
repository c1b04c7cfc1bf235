package dev.operators.ecr.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import java.time.Instant;
import org.junit.jupiter.api.function.Executable;

/** An emulator on loopback with a fixed clock, and a port to it that never retries. */
final class EmulatedEcr implements AutoCloseable {
  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final EcrEmulator emulator = new EcrEmulator(ACCOUNT, () -> T0).start();
  final SdkEcrPort port = EmulatorClients.port(emulator);

  /** Asserts that {@code call} throws an {@link EcrException} of this kind, operation and code. */
  static EcrException fails(EcrErrorKind kind, String operation, String awsCode, Executable call) {
    EcrException e = assertThrows(EcrException.class, call);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(operation, e.operation());
    assertEquals(awsCode, e.awsCode());
    return e;
  }

  static String arn(String name) {
    return "arn:aws:ecr:" + REGION + ":" + ACCOUNT + ":repository/" + name;
  }

  @Override
  public void close() {
    port.close();
    emulator.close();
  }
}
