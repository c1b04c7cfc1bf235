package dev.operators.ecr.desired;

import java.util.List;
import java.util.stream.Collectors;

/** A spec the operator will not act on until a person changes it. */
public class InvalidSpecException extends RuntimeException {
  private final List<SpecProblem> problems;

  public InvalidSpecException(List<SpecProblem> problems) {
    super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }
}
