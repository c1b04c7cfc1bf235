package dev.operators.ecr.process;

import java.nio.file.Path;

/** The java launcher of the JVM running the tests. */
final class Java {
  private Java() {}

  static String executable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }
}
