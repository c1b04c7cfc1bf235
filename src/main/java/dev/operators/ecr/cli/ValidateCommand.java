package dev.operators.ecr.cli;

import dev.operators.ecr.policy.PolicyProblem;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code validate FILE}: checks EcrRepository and EcrLifecyclePolicy resources, or a bare lifecycle
 * policy, offline.
 */
@Command(
    name = "validate",
    description = {
      "Checks the EcrRepository and EcrLifecyclePolicy resources in FILE as the operator does"
          + " (every check ECR makes on the lifecycle policy included) and refuses unknown fields"
          + " and values of the wrong type, as kubectl does; or checks FILE as a lifecycle policy,"
          + " as ECR does, when it is a JSON object without kind and apiVersion, or has \"rules\""
          + " and no kind at the top level.",
      "A lifecyclePolicyRef to a policy FILE does not hold is resolved in the cluster, and is"
          + " not a problem; two policies of FILE annotated as the default are.",
      "Prints one 'path: message' line per problem, prefixed with the resource when FILE holds"
          + " several; a summary goes to standard error.",
      "Exit status: 0 valid, 1 invalid, 2 FILE unusable (unreadable, not YAML or JSON, nothing"
          + " to check)."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Mixin private OfflineInput input;

  @Parameters(
      paramLabel = "FILE",
      description =
          "YAML with one or more EcrRepository and EcrLifecyclePolicy documents, or a lifecycle"
              + " policy JSON; - reads standard input.")
  private String file;

  public ValidateCommand() {
    this(System.in);
  }

  ValidateCommand(InputStream stdin) {
    this.input = new OfflineInput(stdin);
  }

  @Override
  public Integer call() {
    return input.run(this::validate);
  }

  private int validate() throws UnusableInputException {
    PrintWriter out = input.out();
    PrintWriter err = input.err();
    String name = InputText.name(file);
    Manifest manifest = input.manifest(file);
    if (manifest.policy() != null) {
      List<PolicyProblem> problems = manifest.policy().problems();
      problems.forEach(out::println);
      err.println(
          name
              + (problems.isEmpty()
                  ? ": valid lifecycle policy"
                  : ": invalid lifecycle policy, " + count(problems.size(), "problem")));
      return problems.isEmpty() ? ExitCodes.OK : ExitCodes.INVALID;
    }
    manifest.items().stream()
        .filter(Skipped.class::isInstance)
        .forEach(item -> err.println(((Skipped) item).note()));
    List<Resource> resources = manifest.resources();
    if (resources.isEmpty()) {
      err.println(name + " holds no " + Manifest.knownKinds() + " and is not a lifecycle policy");
      return ExitCodes.UNUSABLE_INPUT;
    }
    boolean prefixed = resources.size() > 1;
    resources.forEach(resource -> resource.problemLines(prefixed).forEach(out::println));
    long invalid = resources.stream().filter(r -> !r.isValid()).count();
    err.println(
        name
            + ": "
            + count(resources.size(), "resource")
            + (invalid == 0 ? ", all valid" : ", " + invalid + " invalid"));
    return invalid == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
