package dev.operators.ecr.aws;

import java.util.Objects;

/** Where a replication rule copies images to: a region of an account's registry. */
public record ReplicationDestination(String region, String registryId) {
  public ReplicationDestination {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(registryId, "registryId");
  }
}
