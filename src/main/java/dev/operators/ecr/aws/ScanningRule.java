package dev.operators.ecr.aws;

import java.util.List;
import java.util.Objects;

/**
 * One rule of registry scanning: repositories matching one of {@code wildcardFilters} are scanned
 * at {@code scanFrequency} ({@code SCAN_ON_PUSH}, {@code CONTINUOUS_SCAN} or {@code MANUAL}).
 */
public record ScanningRule(String scanFrequency, List<String> wildcardFilters) {
  /** A null list of filters is an empty one. */
  public ScanningRule {
    Objects.requireNonNull(scanFrequency, "scanFrequency");
    wildcardFilters = wildcardFilters == null ? List.of() : List.copyOf(wildcardFilters);
  }
}
