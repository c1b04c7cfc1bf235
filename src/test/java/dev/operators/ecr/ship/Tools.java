package dev.operators.ecr.ship;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** External programs some tests run when this machine has them. */
final class Tools {
  private Tools() {}

  /** Whether an executable of that name is on the PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }
}
