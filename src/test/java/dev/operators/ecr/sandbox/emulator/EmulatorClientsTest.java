package dev.operators.ecr.sandbox.emulator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SDK fixture reaches an emulator on this machine and nothing else; nothing is called here. */
class EmulatorClientsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:4566",
        "http://127.1.2.3:80",
        "http://localhost:8080",
        "http://[::1]:4566"
      })
  void aLoopbackEndpointIsTaken(String endpoint) {
    assertDoesNotThrow(() -> EmulatorClients.clients(URI.create(endpoint)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.ecr.eu-west-1.amazonaws.com",
        "http://10.0.0.1:4566",
        "http://127.example.com:4566",
        "http://localhost.example.com",
        "unix:/run/ecr.sock"
      })
  void anyOtherEndpointIsRefused(String endpoint) {
    assertThrows(
        IllegalArgumentException.class, () -> EmulatorClients.clients(URI.create(endpoint)));
  }
}
