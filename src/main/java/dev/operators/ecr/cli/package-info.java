/**
 * The command line: {@code run} (the operator), {@code render}, {@code validate} and {@code
 * preview} (offline, on files), {@code sandbox} (the operator against a local Kubernetes API and
 * ECR emulator).
 *
 * <p>The top layer: may import every other package of the operator; none imports it.
 */
package dev.operators.ecr.cli;
