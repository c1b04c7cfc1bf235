package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.policy.LifecyclePolicy;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code render FILE}: the lifecycle policy JSON the operator would send to ECR, per resource. */
@Command(
    name = "render",
    description = {
      "Prints, for each EcrRepository and EcrLifecyclePolicy in FILE, the lifecycle policy JSON"
          + " that the operator sends to ECR (usable as aws ecr put-lifecycle-policy"
          + " --lifecycle-policy-text), after a '#' line naming the resource. A repository that"
          + " uses an EcrLifecyclePolicy of FILE, by lifecyclePolicyRef or as the default, gets"
          + " that policy; one that names a policy FILE does not hold is listed without JSON.",
      "Exit status: 0 all valid, 1 some resource invalid (problems on standard error), 2 FILE"
          + " unusable."
    })
public final class RenderCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private OfflineInput input;

  @Parameters(
      paramLabel = "FILE",
      description = "YAML with one or more documents; - reads standard input.")
  private String file;

  public RenderCommand() {
    this(System.in);
  }

  RenderCommand(InputStream stdin) {
    this.input = new OfflineInput(stdin);
  }

  @Override
  public Integer call() {
    return input.run(this::render);
  }

  private int render() throws UnusableInputException {
    PrintWriter out = input.out();
    PrintWriter err = input.err();
    Manifest manifest = input.manifest(file);
    List<Resource> resources = manifest.resources();
    boolean prefixed = resources.size() > 1;
    boolean first = true;
    for (Item item : manifest.items()) {
      if (item instanceof Skipped skipped) {
        err.println(skipped.note());
      } else if (item instanceof Resource resource && !resource.isValid()) {
        resource.problemLines(prefixed).forEach(err::println);
      } else if (item instanceof Resource resource) {
        if (!first) {
          out.println();
        }
        first = false;
        render(resource, manifest, out);
      }
    }
    if (resources.isEmpty()) {
      err.println(
          InputText.name(file)
              + (manifest.policy() != null
                  ? " is a bare lifecycle policy; render reads "
                      + Manifest.knownKinds()
                      + " resources"
                  : " holds no " + Manifest.knownKinds()));
      return ExitCodes.UNUSABLE_INPUT;
    }
    return resources.stream().allMatch(Resource::isValid) ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private static void render(Resource resource, Manifest manifest, PrintWriter out) {
    String header =
        "# "
            + resource.kind()
            + " "
            + resource.name()
            + (resource.target() == null ? "" : " (" + resource.target() + ")");
    if (resource.request() != null) {
      // A creation template's shared policy is resolved by the operator, in the cluster.
      out.println(
          header
              + (resource.ref() == null
                  ? ""
                  : "; its lifecycle policy: "
                      + EcrLifecyclePolicyDocument.KIND
                      + " "
                      + resource.ref()));
      out.println(resource.request());
      return;
    }
    if (resource.ref() != null) {
      Optional<Resource> shared = manifest.lifecyclePolicy(resource.ref());
      header +=
          " via "
              + EcrLifecyclePolicyDocument.KIND
              + " "
              + resource.ref()
              + shared.map(Resource::target).map(target -> " (" + target + ")").orElse("");
      if (resource.policy() == null) {
        // Resolved in the cluster, or invalid here: its own problems are on standard error.
        out.println(
            header + (shared.isPresent() ? ", which is invalid" : ", which is not in this file"));
        return;
      }
    }
    if (resource.policy() == null) {
      out.println(header + ": no lifecycle policy");
      return;
    }
    out.println(header);
    out.println(readable(resource.policy().canonical().ecrJson()));
  }

  // Indented for people, unless that would make it longer than ECR accepts
  // (docs/ecr-semantics.md §V18): then exactly the compact text the operator sends.
  private static String readable(String json) {
    try {
      String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
      return pretty.codePointCount(0, pretty.length()) <= LifecyclePolicy.MAX_TEXT_LENGTH
          ? pretty
          : json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the canonical policy is always valid JSON", e);
    }
  }
}
