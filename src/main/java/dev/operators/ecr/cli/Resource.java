package dev.operators.ecr.cli;

import dev.operators.ecr.policy.LifecyclePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource of a kind the commands know, read from a manifest.
 *
 * @param name namespace/name, as kubectl shows it
 * @param target what it manages, for example {@code repository team/web in eu-west-1}; for an
 *     EcrLifecyclePolicy, {@code default} when it is annotated as the cluster default, else null
 * @param problems {@code path: message} lines; empty when the resource is valid
 * @param policy the lifecycle policy it declares, or uses from an EcrLifecyclePolicy of the same
 *     file, exactly as the operator sends it to ECR; null when it declares none, is invalid, or
 *     uses an EcrLifecyclePolicy that the file does not hold or that is invalid
 * @param ref for an EcrRepository, the EcrLifecyclePolicy it uses: the one its {@code
 *     lifecyclePolicyRef} names or, when it declares no policy, the file's default one; else null
 * @param request for a registry-level kind (a pull-through cache rule...), what the operator asks
 *     ECR to hold, as JSON in the API's field names; null for the others and when invalid
 */
record Resource(
    String kind,
    String name,
    String target,
    List<String> problems,
    LifecyclePolicy policy,
    String ref,
    String request)
    implements Item {

  Resource {
    problems = List.copyOf(problems);
  }

  /** A resource of a kind that declares a lifecycle policy, or uses one. */
  Resource(
      String kind,
      String name,
      String target,
      List<String> problems,
      LifecyclePolicy policy,
      String ref) {
    this(kind, name, target, problems, policy, ref, null);
  }

  boolean isValid() {
    return problems.isEmpty();
  }

  boolean is(String kind) {
    return this.kind.equals(kind);
  }

  /** The problems, each prefixed with the resource's name when a file holds several. */
  List<String> problemLines(boolean prefixed) {
    return problems.stream().map(p -> prefixed ? name + ": " + p : p).toList();
  }

  /** This resource with one more problem, and therefore no policy. */
  Resource withProblem(String problem) {
    List<String> more = new ArrayList<>(problems);
    more.add(problem);
    return new Resource(kind, name, target, more, null, ref, null);
  }

  /** This EcrRepository using the EcrLifecyclePolicy {@code ref}, whose policy may be null. */
  Resource using(String ref, LifecyclePolicy policy) {
    return new Resource(kind, name, target, problems, policy, ref, request);
  }
}
