package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.runtime.OperatorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  private static OperatorSettings settings(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run.settings();
  }

  @Test
  void flagsBecomeTheOperatorSettings() {
    OperatorSettings s =
        settings(
            "--region",
            "eu-central-1",
            "--aws-endpoint",
            "http://127.0.0.1:4566",
            "--namespaces",
            "team-a, team-b,",
            "--resync-period",
            "90s",
            "--cluster-name",
            "prod-eu",
            "--reconcile-threads",
            "4",
            "--aws-max-attempts",
            "2");

    assertEquals("eu-central-1", s.defaultRegion());
    assertEquals(URI.create("http://127.0.0.1:4566"), s.awsEndpoint());
    assertEquals(Set.of("team-a", "team-b"), s.namespaces());
    assertEquals(Duration.ofSeconds(90), s.resyncPeriod());
    assertEquals("prod-eu", s.clusterName());
    assertEquals(4, s.reconcileThreads());
    assertEquals(2, s.awsMaxAttempts());
  }

  @Test
  void defaultsWatchEveryNamespaceAndResyncEveryTenMinutes() {
    OperatorSettings s = settings("--region", "us-east-1");

    assertTrue(s.namespaces().isEmpty());
    assertEquals(Duration.ofMinutes(10), s.resyncPeriod());
    assertEquals("default", s.clusterName());
    assertNull(s.awsEndpoint());
  }

  @Test
  void aBadDurationSaysWhatIsExpected() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> settings("--resync-period", "often"));
    assertTrue(e.getMessage().contains("30s, 10m, 1h"), e.getMessage());
  }
}
