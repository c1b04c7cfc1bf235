package dev.operators.ecr.desired;

import dev.operators.ecr.api.InUseProtectionMode;

/**
 * What of the operator's configuration the desired state depends on.
 *
 * @param clusterName identifies this cluster in the owner tag of every repository it manages, and
 *     in its protection tags
 * @param defaultRegion the region of resources that name none; null when there is none
 * @param tenancyGuard when on, a repository name must start with its resource's namespace and /
 * @param inUseProtection what the operator does about images in use where a spec does not say
 *     ({@code --in-use-protection}): {@code Off} when it does not watch what runs
 */
public record DesiredSettings(
    String clusterName,
    String defaultRegion,
    boolean tenancyGuard,
    InUseProtectionMode inUseProtection) {

  /** Settings of an operator that does not watch what runs. */
  public DesiredSettings(String clusterName, String defaultRegion, boolean tenancyGuard) {
    this(clusterName, defaultRegion, tenancyGuard, InUseProtectionMode.Off);
  }

  public DesiredSettings {
    inUseProtection = inUseProtection == null ? InUseProtectionMode.Off : inUseProtection;
  }
}
