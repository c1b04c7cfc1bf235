package dev.operators.ecr.aws;

import java.util.List;
import java.util.Objects;

/** A registry's scanning configuration: {@code BASIC} or {@code ENHANCED}, and its rules. */
public record RegistryScanning(String scanType, List<ScanningRule> rules) {
  /** What ECR answers for a registry whose scanning was never configured. */
  public static final RegistryScanning DEFAULT = new RegistryScanning("BASIC", List.of());

  /** A null list of rules is an empty one. */
  public RegistryScanning {
    Objects.requireNonNull(scanType, "scanType");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
