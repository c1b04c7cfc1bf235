/**
 * What runs in the cluster: the watches on Pods and the workload kinds whose images count as in
 * use, each keeping only the references into ECR (and what it needs to follow the object), and the
 * settings that turn them on or off.
 *
 * <p>Part of the runtime layer: may import the layers below it.
 */
package dev.operators.ecr.runtime.inuse;
