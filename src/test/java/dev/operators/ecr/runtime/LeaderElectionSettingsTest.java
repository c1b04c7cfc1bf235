package dev.operators.ecr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderElectionSettingsTest {
  @TempDir Path dir;

  @Test
  void thePodNamespaceComesFromTheDownwardApiThenTheServiceAccount() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "ecr-system\n");
    Path none = dir.resolve("absent");

    assertEquals(
        Optional.of("from-env"),
        LeaderElectionSettings.podNamespace(Map.of("POD_NAMESPACE", "from-env")::get, file));
    assertEquals(
        Optional.of("ecr-system"),
        LeaderElectionSettings.podNamespace(Map.<String, String>of()::get, file));
    assertEquals(
        Optional.empty(), LeaderElectionSettings.podNamespace(Map.<String, String>of()::get, none));
  }

  @Test
  void theIdentityIsThePodNameMadeUniquePerProcess() {
    String a =
        LeaderElectionSettings.candidateIdentity(Map.of("HOSTNAME", "ecr-operator-7d9f")::get);
    String b =
        LeaderElectionSettings.candidateIdentity(Map.of("HOSTNAME", "ecr-operator-7d9f")::get);
    assertTrue(a.startsWith("ecr-operator-7d9f_"), a);
    assertNotEquals(a, b, "two processes on one host are two candidates");
    assertTrue(
        LeaderElectionSettings.candidateIdentity(
                Map.of("POD_NAME", "pod-1", "HOSTNAME", "host")::get)
            .startsWith("pod-1_"));
  }

  @Test
  void defaultsAreKubernetesOwnAndTimingsMustNest() {
    LeaderElectionSettings s = LeaderElectionSettings.of(" ", "me");
    assertEquals("ecr-operator-leader", s.leaseName());
    assertNull(s.leaseNamespace(), "blank means the client's namespace");
    assertEquals(Duration.ofSeconds(15), s.leaseDuration());
    assertEquals(Duration.ofSeconds(10), s.renewDeadline());
    assertEquals(Duration.ofSeconds(2), s.retryPeriod());
    assertThrows(
        IllegalArgumentException.class,
        () -> s.withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            s.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    assertThrows(IllegalArgumentException.class, () -> s.withLeaseName(""));
  }
}
