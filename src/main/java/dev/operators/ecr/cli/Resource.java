package dev.operators.ecr.cli;

import dev.operators.ecr.policy.LifecyclePolicy;
import java.util.List;

/**
 * A resource of a kind the commands know, read from a manifest.
 *
 * @param name namespace/name, as kubectl shows it
 * @param target what it manages, for example {@code repository team/web in eu-west-1}
 * @param problems {@code path: message} lines; empty when the resource is valid
 * @param policy the lifecycle policy it declares, exactly as the operator sends it to ECR; null
 *     when it declares none or is invalid
 */
record Resource(
    String kind, String name, String target, List<String> problems, LifecyclePolicy policy)
    implements Item {

  Resource {
    problems = List.copyOf(problems);
  }

  boolean isValid() {
    return problems.isEmpty();
  }

  /** The problems, each prefixed with the resource's name when a file holds several. */
  List<String> problemLines(boolean prefixed) {
    return problems.stream().map(p -> prefixed ? name + ": " + p : p).toList();
  }
}
