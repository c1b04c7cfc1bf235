/**
 * The informer caches: what of each resource the operator keeps in memory and how (trimmed, as
 * JSON, or as a summary), and how its informers list.
 *
 * <p>Part of the reconciler layer: may import {@code status}, {@code api}, {@code policy} and
 * {@code aws}; not {@code runtime} or {@code cli}.
 */
package dev.operators.ecr.reconciler.cache;
