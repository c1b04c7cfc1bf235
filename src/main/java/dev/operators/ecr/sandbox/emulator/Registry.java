package dev.operators.ecr.sandbox.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The default registry of one account in one region; guarded by the state lock. */
final class Registry {
  private final String region;
  private final String accountId;
  private final Map<String, StoredRepository> repositories = new TreeMap<>();
  private final Map<String, Long> creations = new TreeMap<>();
  // Pull-through cache rules and creation templates, by prefix without its trailing '/'.
  private final Map<String, StoredPullThroughCacheRule> pullThroughCacheRules = new TreeMap<>();
  private final Map<String, StoredCreationTemplate> creationTemplates = new TreeMap<>();
  private final RegistrySettings settings = new RegistrySettings();

  Registry(String region, String accountId) {
    this.region = region;
    this.accountId = accountId;
  }

  String region() {
    return region;
  }

  String accountId() {
    return accountId;
  }

  String arnPrefix() {
    return "arn:aws:ecr:" + region + ":" + accountId + ":repository/";
  }

  Optional<StoredRepository> find(String name) {
    return Optional.ofNullable(repositories.get(name));
  }

  StoredRepository require(String name) {
    return find(name).orElseThrow(() -> EcrError.repositoryNotFound(name, accountId));
  }

  StoredRepository create(String name, Instant now, String encryptionType, String kmsKey) {
    if (repositories.containsKey(name)) {
      throw EcrError.repositoryAlreadyExists(name, accountId);
    }
    StoredRepository repository =
        new StoredRepository(
            accountId,
            name,
            arnPrefix() + name,
            accountId + ".dkr.ecr." + region + ".amazonaws.com/" + name,
            now,
            encryptionType,
            kmsKey);
    repositories.put(name, repository);
    creations.merge(name, 1L, Long::sum);
    return repository;
  }

  void remove(String name) {
    repositories.remove(name);
  }

  /** How many times each name was created, deleted repositories included; ordered by name. */
  Map<String, Long> creations() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(creations));
  }

  /** The registry-level settings: replication, scanning, policy, signing, exclusions. */
  RegistrySettings settings() {
    return settings;
  }

  /** Repositories ordered by name. */
  Collection<StoredRepository> repositories() {
    return repositories.values();
  }

  /** Pull-through cache rules by prefix (without a trailing '/'), ordered. */
  Map<String, StoredPullThroughCacheRule> pullThroughCacheRules() {
    return pullThroughCacheRules;
  }

  /** Repository creation templates by prefix (without a trailing '/'), ordered. */
  Map<String, StoredCreationTemplate> creationTemplates() {
    return creationTemplates;
  }
}
