package dev.operators.ecr.cli;

/** The exit codes of the commands. */
final class ExitCodes {
  /** The input is valid and the command did its work. */
  static final int OK = 0;

  /** The input was read, and some resource or policy in it is invalid. */
  static final int INVALID = 1;

  /**
   * {@code run}: the operator could not start, because the Kubernetes API did not answer. (It also
   * ends with 1 when it loses its leader lease.)
   */
  static final int FAILED = 1;

  /** The input could not be used at all: unreadable, not YAML or JSON, or of the wrong kind. */
  static final int UNUSABLE_INPUT = 2;

  /**
   * {@code run} and {@code sandbox}: a flag's value the command cannot use, as picocli's own usage
   * errors (an unknown option, a value that is not a number).
   */
  static final int USAGE = 2;

  private ExitCodes() {}
}
