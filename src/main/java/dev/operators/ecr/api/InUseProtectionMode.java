package dev.operators.ecr.api;

/**
 * What the operator does about images in use for one repository ({@code spec.inUseProtection}); the
 * operator's {@code --in-use-protection} when absent.
 */
public enum InUseProtectionMode {
  /** The status and a Warning Event say which images in use the lifecycle policy would take. */
  Report,
  /** Keeping those images from lifecycle expiry: not supported yet, a spec problem. */
  Protect,
  /** No guard for this repository. */
  Off
}
