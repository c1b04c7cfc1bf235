/**
 * The resources' Java types, from which the CRDs are generated (EcrRepository, EcrLifecyclePolicy,
 * their specs and statuses), and the condition and Event reasons they report ({@link
 * dev.operators.ecr.api.Reasons}), which users, kstatus and GitOps tools match on.
 *
 * <p>The base layer: imports nothing of the operator but the lifecycle policy text limits of {@code
 * policy}.
 */
package dev.operators.ecr.api;
