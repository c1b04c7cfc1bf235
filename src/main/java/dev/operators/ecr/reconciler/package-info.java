/**
 * The reconcilers: thin JOSDK glue that runs a pass (desired state, sync, status) for each
 * resource, and what belongs to JOSDK and Kubernetes around it: the event sources, the resync
 * schedule, the status writes and the Events. The informer caches are in {@code reconciler.cache}.
 *
 * <p>May import {@code desired}, {@code sync}, {@code status}, {@code api}, {@code policy} and
 * {@code aws}; not {@code runtime} or {@code cli}, which build the reconcilers and give them their
 * {@link dev.operators.ecr.reconciler.ReconcilerSettings}.
 */
package dev.operators.ecr.reconciler;
