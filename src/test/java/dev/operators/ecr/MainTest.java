package dev.operators.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

  private static List<String> parsed(String... args) {
    return List.of(Main.withDefaultCommand(args));
  }

  @Test
  void runIsTheDefaultCommand() {
    assertEquals(List.of("run"), parsed());
    assertEquals(List.of("run", "--region", "x"), parsed("--region", "x"));
  }

  @Test
  void namedCommandsAndTopLevelHelpAreLeftAlone() {
    assertEquals(List.of("sandbox", "--hold"), parsed("sandbox", "--hold"));
    assertEquals(List.of("--help"), parsed("--help"));
    assertEquals(List.of("-V"), parsed("-V"));
  }
}
