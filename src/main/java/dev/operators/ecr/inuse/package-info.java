/**
 * What runs, without Kubernetes or AWS: container image references and which of them point into ECR
 * ({@link dev.operators.ecr.inuse.EcrImage}), and the index of the images each workload uses
 * ({@link dev.operators.ecr.inuse.InUseIndex}).
 *
 * <p>The base layer: imports nothing of the operator.
 */
package dev.operators.ecr.inuse;
