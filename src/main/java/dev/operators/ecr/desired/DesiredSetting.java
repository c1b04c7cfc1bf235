package dev.operators.ecr.desired;

import dev.operators.ecr.api.DeletionPolicy;

/**
 * The checked desired state of a registry-level resource, as the shared reconciler needs it; its
 * {@code toString()} names the setting in messages ({@code pull-through cache rule docker-hub in
 * eu-west-1}).
 */
public interface DesiredSetting {
  /** The region the setting lives in. */
  String region();

  /** What two resources declaring the same setting share: region and prefix, say. */
  String claim();

  /** What deleting the resource does to the setting. */
  DeletionPolicy deletionPolicy();
}
