package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;

/** One pull-through cache rule of a registry; guarded by the state lock. */
final class StoredPullThroughCacheRule {
  private final String ecrRepositoryPrefix;
  private final String upstreamRegistryUrl;
  private final String upstreamRegistry;
  private final String upstreamRepositoryPrefix;
  private final Instant createdAt;
  private String credentialArn;
  private String customRoleArn;
  private Instant updatedAt;

  StoredPullThroughCacheRule(
      String ecrRepositoryPrefix,
      String upstreamRegistryUrl,
      String upstreamRegistry,
      String upstreamRepositoryPrefix,
      String credentialArn,
      String customRoleArn,
      Instant createdAt) {
    this.ecrRepositoryPrefix = ecrRepositoryPrefix;
    this.upstreamRegistryUrl = upstreamRegistryUrl;
    this.upstreamRegistry = upstreamRegistry;
    this.upstreamRepositoryPrefix = upstreamRepositoryPrefix;
    this.credentialArn = credentialArn;
    this.customRoleArn = customRoleArn;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  String ecrRepositoryPrefix() {
    return ecrRepositoryPrefix;
  }

  String upstreamRegistryUrl() {
    return upstreamRegistryUrl;
  }

  String upstreamRegistry() {
    return upstreamRegistry;
  }

  String upstreamRepositoryPrefix() {
    return upstreamRepositoryPrefix;
  }

  String credentialArn() {
    return credentialArn;
  }

  String customRoleArn() {
    return customRoleArn;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  void update(String credentialArn, String customRoleArn, Instant at) {
    this.credentialArn = credentialArn;
    this.customRoleArn = customRoleArn;
    this.updatedAt = at;
  }
}
