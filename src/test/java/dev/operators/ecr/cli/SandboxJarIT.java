package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a user runs it: the packaged jar's {@code sandbox}. */
class SandboxJarIT {
  private static final Path JAR = Path.of("target", "ecr-operator.jar");

  @Test
  void theSandboxShowsEveryStepHoldingAndExitsZero() throws IOException, InterruptedException {
    assertTrue(Files.exists(JAR), JAR + " was not built");
    Path output = Files.createTempFile("sandbox", ".out");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "sandbox")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String text = Files.readString(output);
    assertTrue(finished, "the sandbox did not finish:\n" + text);
    assertEquals(0, process.exitValue(), text);
    assertTrue(text.contains("All checks held."), text);
    assertTrue(text.contains("[ok]   exactly one untagged image, the newest, is kept"), text);
    assertTrue(
        text.contains("[ok]   a policy deleted behind the operator's back is restored"), text);
    assertTrue(text.contains("[ok]   team-payments/payments-api is Ready"), text);
  }
}
