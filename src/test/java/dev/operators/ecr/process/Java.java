package dev.operators.ecr.process;

import java.nio.file.Path;

/**
 * The java launcher and tools for the product's processes: those of the JVM running the tests, or
 * of the JDK that the system property {@code operator.javaHome} names (e.g. a newer one to
 * compare).
 */
final class Java {
  private Java() {}

  static String executable() {
    return tool("java");
  }

  static String tool(String name) {
    return home().resolve("bin").resolve(name).toString();
  }

  private static Path home() {
    String configured = System.getProperty("operator.javaHome", "");
    return Path.of(configured.isBlank() ? System.getProperty("java.home") : configured);
  }
}
