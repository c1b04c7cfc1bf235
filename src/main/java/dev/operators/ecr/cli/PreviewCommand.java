package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.ImageAction;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code preview --policy P --images I [--now T]}: which images a policy would act on. */
@Command(
    name = "preview",
    description = {
      "Offline dry run: prints, as JSON, the images the lifecycle policy would expire or move to"
          + " archive at time T, and how many; images it leaves alone are not listed.",
      "Exit status: 0 done, 1 the policy is invalid (problems on standard error), 2 an input is"
          + " unusable (the message names the image and field)."
    })
public final class PreviewCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private OfflineInput input;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "P",
      description =
          "A lifecycle policy JSON, or a YAML file with one EcrRepository (and the"
              + " EcrLifecyclePolicy it uses, if any) or one EcrLifecyclePolicy; - reads standard"
              + " input.")
  private String policyFile;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "I",
      description =
          "A JSON array of images: digest, tags, pushedAt, lastPulledAt, storageClass,"
              + " archivedAt, lastActivatedAt; - reads standard input.")
  private String imagesFile;

  @Option(
      names = "--now",
      paramLabel = "T",
      description = "The moment to evaluate at, such as 2026-11-01T00:00:00Z; default: now.")
  private Instant now;

  public PreviewCommand() {
    this(System.in);
  }

  PreviewCommand(InputStream stdin) {
    this.input = new OfflineInput(stdin);
  }

  @Override
  public Integer call() {
    return input.run(this::preview);
  }

  private int preview() throws UnusableInputException {
    PrintWriter out = input.out();
    if (policyFile.equals(InputText.STANDARD_INPUT)
        && imagesFile.equals(InputText.STANDARD_INPUT)) {
      throw new UnusableInputException("only one of --policy and --images can read standard input");
    }
    List<String> problems = new ArrayList<>();
    LifecyclePolicy policy = policy(input.manifest(policyFile), problems);
    List<Image> images = ImageList.parse(input.text(imagesFile), imagesFile);
    if (policy == null) {
      problems.forEach(input.err()::println);
      return ExitCodes.INVALID;
    }
    Evaluation evaluation =
        PolicyEvaluator.evaluate(policy, images, now == null ? Instant.now() : now);
    out.println(json(evaluation));
    return ExitCodes.OK;
  }

  /** The policy to preview; null, with {@code problems} filled in, when it is invalid. */
  private LifecyclePolicy policy(Manifest manifest, List<String> problems)
      throws UnusableInputException {
    if (manifest.policy() != null) {
      manifest.policy().problems().forEach(p -> problems.add(p.toString()));
      return problems.isEmpty() ? manifest.policy().policy() : null;
    }
    List<Resource> repositories = manifest.resources(EcrRepositoryDocument.KIND);
    List<Resource> policies = manifest.resources(EcrLifecyclePolicyDocument.KIND);
    String name = InputText.name(policyFile);
    Resource resource;
    if (repositories.size() == 1) {
      resource = repositories.get(0);
    } else if (repositories.isEmpty() && policies.size() == 1) {
      resource = policies.get(0);
    } else {
      throw new UnusableInputException(
          name
              + " holds "
              + held(repositories.size(), policies.size())
              + "; --policy takes a lifecycle policy JSON, one EcrRepository or one"
              + " EcrLifecyclePolicy");
    }
    problems.addAll(resource.problems());
    if (!resource.isValid() || resource.policy() != null) {
      return resource.policy();
    }
    if (resource.ref() == null) {
      throw new UnusableInputException(
          resource.name() + " in " + name + " declares no lifecycle policy");
    }
    Resource shared =
        manifest
            .lifecyclePolicy(resource.ref())
            .orElseThrow(
                () ->
                    new UnusableInputException(
                        resource.name()
                            + " in "
                            + name
                            + " uses EcrLifecyclePolicy "
                            + resource.ref()
                            + ", which "
                            + name
                            + " does not hold; add it, or preview the policy itself"));
    problems.addAll(shared.problemLines(true));
    return null;
  }

  private static String held(int repositories, int policies) {
    if (repositories > 0) {
      return repositories + " EcrRepository resources";
    }
    return (policies == 0 ? "no" : String.valueOf(policies))
        + " EcrLifecyclePolicy resources and no EcrRepository";
  }

  // The shape of ECR's GetLifecyclePolicyPreview, reduced to what the evaluator decides.
  private static String json(Evaluation evaluation) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode results = document.putArray("results");
    for (ImageAction action : evaluation.actions()) {
      ObjectNode result = results.addObject();
      result.put("digest", action.image().digest());
      action.image().tags().forEach(result.putArray("tags")::add);
      result.put("action", action.type().jsonName());
      result.put("rulePriority", action.rulePriority());
    }
    ObjectNode summary = document.putObject("summary");
    summary.put("expiring", evaluation.expiring());
    summary.put("transitioning", evaluation.transitioning());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of plain JSON nodes", e);
    }
  }
}
