package dev.operators.ecr.sandbox.emulator;

import java.util.Arrays;
import java.util.Optional;

/** The STS operations the emulator serves, by their wire names (the Query protocol's Action). */
enum StsOperation {
  ASSUME_ROLE("AssumeRole"),
  GET_CALLER_IDENTITY("GetCallerIdentity");

  private final String wireName;

  StsOperation(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static Optional<StsOperation> byWireName(String name) {
    return Arrays.stream(values()).filter(op -> op.wireName.equals(name)).findFirst();
  }

  /**
   * The wire name of an emulated ECR or STS operation, as faults and counts name them.
   *
   * @throws IllegalArgumentException for any other name
   */
  static String requireAny(String name) {
    if (byWireName(name).isPresent()) {
      return name;
    }
    return EcrOperation.require(name).wireName();
  }
}
