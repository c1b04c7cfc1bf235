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
import dev.operators.ecr.policy.ProtectedPolicy;
import dev.operators.ecr.policy.ProtectionTags;
import dev.operators.ecr.runtime.OperatorSettings;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code preview --policy P --images I [--now T] [--in-use FILE [--protect-in-use]]}: which images
 * a policy would act on, which of them are in use, and how many bytes it frees or archives.
 */
@Command(
    name = "preview",
    description = {
      "Offline dry run: prints, as JSON, the images the lifecycle policy would expire or move to"
          + " archive at time T, and how many; images it leaves alone are not listed.",
      "Exit status: 0 done, 1 the policy is invalid or cannot take the protection rule (problems"
          + " on standard error), 2 an input is unusable (the message names the image and field,"
          + " or the file and line)."
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
              + " archivedAt, lastActivatedAt, sizeInBytes; - reads standard input.")
  private String imagesFile;

  @Option(
      names = "--now",
      paramLabel = "T",
      description = "The moment to evaluate at, such as 2026-11-01T00:00:00Z; default: now.")
  private Instant now;

  @Option(
      names = "--in-use",
      paramLabel = "FILE",
      description =
          "The digests of the images in use, one sha256:... per line (# starts a comment); -"
              + " reads standard input.")
  private String inUseFile;

  @Option(
      names = "--protect-in-use",
      description =
          "Preview the policy the operator applies to keep the images of --in-use: they carry"
              + " their protection tags, and the protection rule comes first.")
  private boolean protectInUse;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      defaultValue =
          "${env:ECR_OPERATOR_CLUSTER_NAME:-" + OperatorSettings.DEFAULT_CLUSTER_NAME + "}",
      description =
          "With --protect-in-use: the cluster named in the protection tags, as run's"
              + " --cluster-name; default ${DEFAULT-VALUE}. Env: ECR_OPERATOR_CLUSTER_NAME.")
  private String clusterName;

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
    checkOptions();
    List<String> problems = new ArrayList<>();
    LifecyclePolicy policy = policy(input.manifest(policyFile), problems);
    List<Image> images = ImageList.parse(input.text(imagesFile), imagesFile);
    Set<String> inUse =
        inUseFile == null ? Set.of() : InUseList.parse(input.text(inUseFile), inUseFile);
    if (policy == null) {
      problems.forEach(input.err()::println);
      return ExitCodes.INVALID;
    }
    if (protectInUse) {
      ProtectionTags tags = ProtectionTags.of(clusterName);
      ProtectedPolicy applied = ProtectedPolicy.of(policy, tags);
      applied.warnings().forEach(w -> input.err().println("warning: " + w));
      if (applied.policy().isEmpty()) {
        applied.problems().forEach(input.err()::println);
        return ExitCodes.INVALID;
      }
      policy = applied.policy().get();
      images = tags.protect(images, inUse);
    }
    Evaluation evaluation =
        PolicyEvaluator.evaluate(policy, images, now == null ? Instant.now() : now);
    input.out().println(json(evaluation, inUse));
    return ExitCodes.OK;
  }

  private void checkOptions() throws UnusableInputException {
    boolean policyReadsStdin = policyFile.equals(InputText.STANDARD_INPUT);
    boolean imagesReadStdin = imagesFile.equals(InputText.STANDARD_INPUT);
    if (policyReadsStdin && imagesReadStdin) {
      throw new UnusableInputException("only one of --policy and --images can read standard input");
    }
    if (InputText.STANDARD_INPUT.equals(inUseFile) && (policyReadsStdin || imagesReadStdin)) {
      throw new UnusableInputException(
          "only one of --policy, --images and --in-use can read standard input");
    }
    if (protectInUse && inUseFile == null) {
      throw new UnusableInputException(
          "--protect-in-use needs --in-use FILE, the digests of the images to keep");
    }
    if (protectInUse && clusterName.isBlank()) {
      throw new UnusableInputException(
          "--cluster-name must name the cluster whose protection tags to preview; it is empty");
    }
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

  // The shape of ECR's GetLifecyclePolicyPreview, reduced to what the evaluator decides, with
  // whether each image is in use and the bytes at stake.
  private static String json(Evaluation evaluation, Set<String> inUse) {
    ObjectNode document = JSON.createObjectNode();
    ArrayNode results = document.putArray("results");
    long inUseAtRisk = 0;
    for (ImageAction action : evaluation.actions()) {
      ObjectNode result = results.addObject();
      result.put("digest", action.image().digest());
      action.image().tags().forEach(result.putArray("tags")::add);
      result.put("action", action.type().jsonName());
      result.put("rulePriority", action.rulePriority());
      boolean used = inUse.contains(action.image().digest());
      result.put("inUse", used);
      inUseAtRisk += used ? 1 : 0;
    }
    ObjectNode summary = document.putObject("summary");
    summary.put("expiring", evaluation.expiring());
    summary.put("transitioning", evaluation.transitioning());
    summary.put("expiringBytes", evaluation.expiringBytes());
    summary.put("transitioningBytes", evaluation.transitioningBytes());
    summary.put("imagesWithoutSize", evaluation.withoutSize());
    summary.put("inUseAtRisk", inUseAtRisk);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a tree of plain JSON nodes", e);
    }
  }
}
