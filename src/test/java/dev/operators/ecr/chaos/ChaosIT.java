package dev.operators.ecr.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite as CI runs it: 200 resources by default; the full run (1,000) is {@code mvn -B
 * verify -Pchaos}. The report is printed and written to {@code target/chaos/report.txt}.
 */
class ChaosIT {

  @Test
  void everyPromiseHoldsUnderFaultsAndKills() throws Exception {
    ChaosRun.Settings settings = ChaosRun.Settings.fromSystemProperties();
    ChaosReport report = new ChaosRun(settings).run();
    String text = report.render();
    System.out.println(text);
    Files.writeString(settings.workDir().resolve("report.txt"), text);
    assertTrue(report.passed(), text);
  }
}
