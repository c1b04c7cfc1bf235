package dev.operators.ecr.aws;

import java.util.List;

/**
 * One rule of a registry's replication: images of the repositories whose names start with one of
 * {@code prefixFilters} (every repository when there is none) are copied to each destination.
 */
public record ReplicationRule(
    List<ReplicationDestination> destinations, List<String> prefixFilters) {
  /** Null lists are empty ones. */
  public ReplicationRule {
    destinations = destinations == null ? List.of() : List.copyOf(destinations);
    prefixFilters = prefixFilters == null ? List.of() : List.copyOf(prefixFilters);
  }
}
