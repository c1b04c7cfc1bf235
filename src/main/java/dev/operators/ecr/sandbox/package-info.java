/**
 * The sandbox: a local Kubernetes API enough for the operator and kubectl, the scenario it plays,
 * and in {@code sandbox.emulator} an in-memory ECR speaking the AWS JSON protocol.
 *
 * <p>May import {@code reconciler}, {@code status}, {@code sync}, {@code desired}, {@code api},
 * {@code policy} and {@code aws}; not {@code cli} or {@code runtime}.
 */
package dev.operators.ecr.sandbox;
