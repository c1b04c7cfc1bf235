package dev.operators.ecr.sandbox.emulator;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the emulator pretends about the world beyond it, for ValidatePullThroughCacheRule: upstream
 * registry URLs that cannot be reached and Secrets Manager secrets whose credentials the upstream
 * refuses. Everything else is reachable and accepted. Guarded by the state lock.
 */
final class Upstreams {
  private final Set<String> unreachableUrls = new TreeSet<>();
  private final Set<String> refusedCredentials = new TreeSet<>();

  void unreachable(String url) {
    unreachableUrls.add(url);
  }

  void refused(String credentialArn) {
    refusedCredentials.add(credentialArn);
  }

  void clear() {
    unreachableUrls.clear();
    refusedCredentials.clear();
  }

  Set<String> unreachableUrls() {
    return Set.copyOf(unreachableUrls);
  }

  Set<String> refusedCredentials() {
    return Set.copyOf(refusedCredentials);
  }

  /**
   * Null when the rule would work; otherwise why not. The texts are the emulator's own: ECR's exact
   * failure messages are not documented.
   */
  String failure(StoredPullThroughCacheRule rule) {
    if (unreachableUrls.contains(rule.upstreamRegistryUrl())) {
      return "Unable to connect to the upstream registry '" + rule.upstreamRegistryUrl() + "'";
    }
    if (rule.credentialArn() != null && refusedCredentials.contains(rule.credentialArn())) {
      return "The upstream registry '"
          + rule.upstreamRegistryUrl()
          + "' refused the credentials in secret '"
          + rule.credentialArn()
          + "'";
    }
    return null;
  }
}
