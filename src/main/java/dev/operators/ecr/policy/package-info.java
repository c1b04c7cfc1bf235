/**
 * ECR lifecycle and repository policies without ECR: reading and validating a policy as ECR does,
 * its canonical form and digest, and evaluating it on a list of images (docs/ecr-semantics.md §1,
 * §2); keeping images in use (protection tags, the policy applied with the protection rule, when a
 * protection tag comes off) and what images cost to store.
 *
 * <p>The base layer: imports nothing of the operator.
 */
package dev.operators.ecr.policy;
