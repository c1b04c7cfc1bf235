package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The image's entry point, run on the packaged jar with this JVM: the Dockerfile's JVM flags and
 * {@code -jar}, the jar at its path in the image replaced by the one just built.
 */
class DockerEntrypointIT {
  private static final Path JAR = Path.of("target", "ecr-operator.jar");

  @Test
  void theEntryPointStartsTheOperatorsCommandLine() throws Exception {
    assertTrue(Files.exists(JAR), JAR + " was not built");
    Dockerfile dockerfile = Dockerfile.read(ShipFiles.DOCKERFILE);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(DockerfileTest.jvmFlags(dockerfile));
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of("validate", "k8s/examples/keep-one-untagged.yaml"));
    Path output = Files.createTempFile("entrypoint", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the jar did not exit");
      String printed = Files.readString(output);
      assertEquals(0, process.exitValue(), printed);
      assertTrue(printed.contains("all valid"), printed);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
