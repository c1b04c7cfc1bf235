/**
 * The operator wired together for one process ({@link dev.operators.ecr.runtime.EcrOperator}): its
 * configuration ({@link dev.operators.ecr.runtime.OperatorSettings}, from which the reconcilers get
 * their smaller settings), JOSDK, the decorated ECR port, leader election, and in sub-packages
 * metrics, health, the HTTP endpoints and the log format.
 *
 * <p>May import {@code reconciler}, {@code status}, {@code sync}, {@code desired}, {@code api},
 * {@code policy} and {@code aws}; not {@code cli} or {@code sandbox}.
 */
package dev.operators.ecr.runtime;
