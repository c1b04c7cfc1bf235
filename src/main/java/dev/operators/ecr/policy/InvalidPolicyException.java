package dev.operators.ecr.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A lifecycle policy that ECR would reject, with every problem found. */
public class InvalidPolicyException extends RuntimeException {
  private final List<PolicyProblem> problems;

  public InvalidPolicyException(List<PolicyProblem> problems) {
    super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
