package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SandboxCommandTest {

  @Test
  void aBadFaultPlanIsRefusedBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new SandboxCommand()).setErr(new PrintWriter(err));

    int exit = command.execute("--ecr-faults", "throttle=1.5");

    assertEquals(2, exit);
    assertTrue(
        err.toString()
            .contains(
                "--ecr-faults: fault plan 'throttle=1.5': throttle share must be between 0 and 1"),
        err.toString());
  }
}
