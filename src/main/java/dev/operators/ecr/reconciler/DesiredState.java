package dev.operators.ecr.reconciler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.LifecyclePolicySpec;
import dev.operators.ecr.api.LifecycleRule;
import dev.operators.ecr.api.RuleSelection;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.runtime.OperatorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds what ECR should hold from an EcrRepository, with no I/O. Everything admission would check
 * is checked again here, since a resource may reach the operator without passing admission.
 */
public final class DesiredState {

  private static final Pattern REPOSITORY_NAME =
      Pattern.compile(EcrRepositorySpec.REPOSITORY_NAME_PATTERN);
  private static final Pattern REGION = Pattern.compile(EcrRepositorySpec.REGION_PATTERN);
  private static final int MAX_REGION_LENGTH = 32;
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private DesiredState() {}

  /** The desired repository, or {@link InvalidSpecException} listing every problem. */
  public static DesiredRepository of(EcrRepository resource, OperatorSettings settings) {
    EcrRepositorySpec spec =
        resource.getSpec() == null ? new EcrRepositorySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();

    String name = repositoryName(resource, spec, problems);
    String region = region(spec, settings, problems);
    guardImmutable(resource.getStatus(), name, region, problems);
    DesiredPolicy policy = policy(spec, problems);

    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new DesiredRepository(
        new RepositoryRef(region, name),
        Owner.of(
            settings.clusterName(),
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName()),
        policy,
        Boolean.TRUE.equals(spec.getAdopt()),
        spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy(),
        Boolean.TRUE.equals(spec.getForceDelete()));
  }

  /**
   * Every problem of the resource on its own, without an operator's settings: what {@code validate}
   * reports. A missing region is not a problem here, since the operator may supply one.
   */
  public static List<SpecProblem> check(EcrRepository resource) {
    EcrRepositorySpec spec =
        resource.getSpec() == null ? new EcrRepositorySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();
    repositoryName(resource, spec, problems);
    if (spec.getRegion() != null) {
      region(spec, null, problems);
    }
    policy(spec, problems);
    return problems;
  }

  /**
   * The lifecycle policy a spec declares, canonical; null when it declares none. Throws {@link
   * InvalidSpecException} with spec paths when it is invalid.
   */
  public static DesiredPolicy policy(EcrRepositorySpec spec) {
    List<SpecProblem> problems = new ArrayList<>();
    DesiredPolicy policy = policy(spec, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return policy;
  }

  /**
   * The repository a resource addresses, from what the status recorded or else from the spec; empty
   * when neither names a valid one (then nothing can have been created for it).
   */
  public static java.util.Optional<RepositoryRef> repositoryRef(
      EcrRepository resource, OperatorSettings settings) {
    EcrRepositoryStatus status = resource.getStatus();
    if (status != null && status.getRepositoryName() != null && status.getRegion() != null) {
      return java.util.Optional.of(
          new RepositoryRef(status.getRegion(), status.getRepositoryName()));
    }
    EcrRepositorySpec spec =
        resource.getSpec() == null ? new EcrRepositorySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();
    String name = repositoryName(resource, spec, problems);
    String region = region(spec, settings, problems);
    return problems.isEmpty()
        ? java.util.Optional.of(new RepositoryRef(region, name))
        : java.util.Optional.empty();
  }

  private static String repositoryName(
      EcrRepository resource, EcrRepositorySpec spec, List<SpecProblem> problems) {
    boolean fromSpec = spec.getRepositoryName() != null;
    String name = fromSpec ? spec.getRepositoryName() : resource.getMetadata().getName();
    String path = fromSpec ? "spec.repositoryName" : "metadata.name";
    if (name.length() < 2 || name.length() > 256) {
      problems.add(
          new SpecProblem(
              path, "ECR repository names are 2 to 256 characters; got " + name.length()));
    } else if (!REPOSITORY_NAME.matcher(name).matches()) {
      problems.add(
          new SpecProblem(
              path,
              "'"
                  + name
                  + "' is not a valid ECR repository name: use lowercase letters and digits,"
                  + " separated by '.', '_', '__', '-' or '/'"));
    }
    return name;
  }

  private static String region(
      EcrRepositorySpec spec, OperatorSettings settings, List<SpecProblem> problems) {
    String region =
        spec.getRegion() != null || settings == null ? spec.getRegion() : settings.defaultRegion();
    if (region == null) {
      problems.add(
          new SpecProblem(
              "spec.region",
              "no region given and the operator has no default region; set spec.region"));
    } else if (region.length() > MAX_REGION_LENGTH || !REGION.matcher(region).matches()) {
      problems.add(
          new SpecProblem(
              spec.getRegion() != null ? "spec.region" : "operator --region",
              "'" + region + "' is not an AWS region name such as eu-west-1"));
    }
    return region;
  }

  // The status records the repository this resource manages; a spec that now names another one
  // would silently abandon it, so it is refused even when admission did not catch it.
  private static void guardImmutable(
      EcrRepositoryStatus status, String name, String region, List<SpecProblem> problems) {
    if (status == null || status.getRepositoryArn() == null) {
      return;
    }
    if (status.getRepositoryName() != null && !status.getRepositoryName().equals(name)) {
      problems.add(
          new SpecProblem(
              "spec.repositoryName",
              "is immutable: this resource manages '"
                  + status.getRepositoryName()
                  + "'; ECR cannot rename a repository. Restore the name, or create a new"
                  + " EcrRepository"));
    }
    if (status.getRegion() != null && region != null && !status.getRegion().equals(region)) {
      problems.add(
          new SpecProblem(
              "spec.region",
              "is immutable: this resource manages a repository in "
                  + status.getRegion()
                  + ". Restore the region, or create a new EcrRepository"));
    }
  }

  private static DesiredPolicy policy(EcrRepositorySpec spec, List<SpecProblem> problems) {
    boolean inline = spec.getLifecyclePolicy() != null;
    boolean text = spec.getLifecyclePolicyText() != null;
    if (inline && text) {
      problems.add(
          new SpecProblem(
              "spec", "lifecyclePolicy and lifecyclePolicyText are mutually exclusive; keep one"));
      return null;
    }
    try {
      if (inline) {
        boundedTagLists(spec.getLifecyclePolicy(), problems);
        JsonNode document = JSON.valueToTree(spec.getLifecyclePolicy());
        return new DesiredPolicy(DesiredPolicy.INLINE, LifecyclePolicy.of(document).canonical());
      }
      if (text) {
        return new DesiredPolicy(
            DesiredPolicy.TEXT, LifecyclePolicy.parse(spec.getLifecyclePolicyText()).canonical());
      }
    } catch (InvalidPolicyException e) {
      String base = inline ? "spec.lifecyclePolicy" : "spec.lifecyclePolicyText";
      for (PolicyProblem p : e.problems()) {
        problems.add(inline ? inlineProblem(base, p) : textProblem(base, p));
      }
    }
    return null;
  }

  // The bounds admission puts on tag lists so that its rules stay cheap; ECR documents none.
  private static void boundedTagLists(LifecyclePolicySpec policy, List<SpecProblem> problems) {
    List<LifecycleRule> rules = policy.getRules() == null ? List.of() : policy.getRules();
    for (int i = 0; i < rules.size(); i++) {
      RuleSelection selection = rules.get(i).getSelection();
      if (selection == null) {
        continue;
      }
      String base = "spec.lifecyclePolicy.rules[" + i + "].selection.";
      bounded(base + "tagPrefixList", selection.getTagPrefixList(), problems);
      bounded(base + "tagPatternList", selection.getTagPatternList(), problems);
    }
  }

  private static void bounded(String path, List<String> list, List<SpecProblem> problems) {
    if (list == null) {
      return;
    }
    if (list.size() > RuleSelection.MAX_TAG_LIST_ENTRIES) {
      problems.add(
          new SpecProblem(
              path,
              "has "
                  + list.size()
                  + " entries; at most "
                  + RuleSelection.MAX_TAG_LIST_ENTRIES
                  + " are allowed"));
    }
    for (int j = 0; j < list.size(); j++) {
      String entry = list.get(j);
      if (entry != null && entry.length() > RuleSelection.MAX_TAG_LENGTH) {
        problems.add(
            new SpecProblem(
                path + "[" + j + "]",
                "is "
                    + entry.length()
                    + " characters; image tags are at most "
                    + RuleSelection.MAX_TAG_LENGTH));
      }
    }
  }

  private static SpecProblem inlineProblem(String base, PolicyProblem p) {
    return new SpecProblem(isRoot(p.path()) ? base : base + "." + p.path(), p.message());
  }

  // The text is one string field: the path inside the JSON document goes into the message.
  private static SpecProblem textProblem(String base, PolicyProblem p) {
    return new SpecProblem(base, isRoot(p.path()) ? p.message() : p.path() + ": " + p.message());
  }

  private static boolean isRoot(String path) {
    return path == null || path.isEmpty() || "$".equals(path);
  }
}
