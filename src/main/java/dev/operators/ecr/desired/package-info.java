/**
 * The desired state: what ECR should hold for a resource, built from its spec with no I/O ({@link
 * dev.operators.ecr.desired.DesiredState}), checking everything admission would; the problems of a
 * spec; the owner tag; the reason a pass must wait for a person ({@link
 * dev.operators.ecr.desired.StalledException}). Used by the reconcilers and by the offline CLI
 * commands ({@code validate}, {@code render}).
 *
 * <p>May import {@code api}, {@code policy} and {@code aws} (their value types only: nothing here
 * calls ECR), and nothing else of the operator.
 */
package dev.operators.ecr.desired;
