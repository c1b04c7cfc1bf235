package dev.operators.ecr.api;

/** What happens to the ECR repository when its EcrRepository is deleted. */
public enum DeletionPolicy {
  /** The repository and its images stay in ECR; only the Kubernetes resource goes. */
  Retain,
  /** The repository is deleted; one that still holds images only with {@code forceDelete}. */
  Delete
}
