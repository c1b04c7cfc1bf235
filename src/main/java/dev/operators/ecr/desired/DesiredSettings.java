package dev.operators.ecr.desired;

/**
 * What of the operator's configuration the desired state depends on.
 *
 * @param clusterName identifies this cluster in the owner tag of every repository it manages
 * @param defaultRegion the region of resources that name none; null when there is none
 * @param tenancyGuard when on, a repository name must start with its resource's namespace and /
 */
public record DesiredSettings(String clusterName, String defaultRegion, boolean tenancyGuard) {}
