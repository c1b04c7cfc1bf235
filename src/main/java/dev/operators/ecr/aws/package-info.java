/**
 * The ECR port ({@link dev.operators.ecr.aws.EcrPort}): every ECR call the operator makes, its
 * value types and errors, the AWS SDK adapter, and the decorators that batch and rate-limit calls
 * through one forwarding base.
 *
 * <p>The base layer: imports nothing of the operator.
 */
package dev.operators.ecr.aws;
