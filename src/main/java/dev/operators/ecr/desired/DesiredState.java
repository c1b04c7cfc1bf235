package dev.operators.ecr.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.InUseProtectionMode;
import dev.operators.ecr.api.LifecyclePolicyRef;
import dev.operators.ecr.api.LifecyclePolicySpec;
import dev.operators.ecr.api.LifecycleRule;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.RuleSelection;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.policy.CanonicalPolicy;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.policy.ProtectedPolicy;
import dev.operators.ecr.policy.ProtectionTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private static final Pattern POLICY_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private DesiredState() {}

  /**
   * The desired repository, or {@link InvalidSpecException} listing every problem, or {@link
   * StalledException} when the shared policy it relies on cannot be used.
   */
  public static DesiredRepository of(
      EcrRepository resource, DesiredSettings settings, PolicyCatalog catalog) {
    EcrRepositorySpec spec =
        resource.getSpec() == null ? new EcrRepositorySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();

    String name = repositoryName(resource, spec, problems);
    String region = region(spec, settings, problems);
    guardImmutable(resource.getStatus(), name, region, problems);
    if (settings.tenancyGuard()) {
      guardTenancy(resource, spec, name, problems);
    }
    RepositorySettings repositorySettings = RepositorySettingsValidator.settings(spec, problems);
    Map<String, String> tags = RepositorySettingsValidator.tags(spec, problems);
    DesiredRepositoryPolicy repositoryPolicy =
        RepositorySettingsValidator.repositoryPolicy(spec, problems);
    DesiredPolicy policy = policy(spec, problems);
    // Protect is checked below, once the policy is known wherever it comes from.

    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    if (spec.getLifecyclePolicyRef() != null) {
      policy = referenced(spec.getLifecyclePolicyRef().getName(), catalog);
    } else if (policy == null) {
      policy = clusterDefault(catalog);
    }
    InUseProtectionMode mode = inUseMode(spec, settings);
    boolean protect = mode == InUseProtectionMode.Protect;
    if (protect && policy != null) {
      policy = protecting(policy, settings.clusterName(), problems);
      if (!problems.isEmpty()) {
        throw new InvalidSpecException(problems);
      }
    }
    return new DesiredRepository(
        new RepositoryRef(region, name),
        Owner.of(settings.clusterName(), resource),
        repositorySettings,
        tags,
        repositoryPolicy,
        policy,
        Boolean.TRUE.equals(spec.getAdopt()),
        mode != InUseProtectionMode.Off,
        protect);
  }

  /**
   * What is done about the images in use of this repository: the spec's choice, else the
   * operator's. Protect needs the watches, which an operator running with {@code
   * --in-use-protection off} does not have: the spec is refused rather than left unprotected.
   */
  private static InUseProtectionMode inUseMode(EcrRepositorySpec spec, DesiredSettings settings) {
    InUseProtectionMode operator = settings.inUseProtection();
    InUseProtectionMode mode =
        spec.getInUseProtection() != null ? spec.getInUseProtection() : operator;
    if (mode == InUseProtectionMode.Protect && operator == InUseProtectionMode.Off) {
      throw new InvalidSpecException(
          List.of(
              new SpecProblem(
                  "spec.inUseProtection",
                  "is Protect, but this operator runs with --in-use-protection off and watches"
                      + " nothing that runs, so it cannot know which images to keep: run it with"
                      + " --in-use-protection report or protect, or set Report or Off here")));
    }
    return mode;
  }

  /**
   * The policy with the protection rule first; a problem when the declared policy leaves no room
   * for it (ECR's 50 rules, or the largest priority in use).
   */
  private static DesiredPolicy protecting(
      DesiredPolicy policy, String clusterName, List<SpecProblem> problems) {
    ProtectedPolicy applied =
        ProtectedPolicy.of(
            LifecyclePolicy.parse(policy.canonical().ecrJson()), ProtectionTags.of(clusterName));
    for (PolicyProblem problem : applied.problems()) {
      problems.add(
          new SpecProblem(
              "spec.inUseProtection",
              "is Protect, which puts one rule before the lifecycle policy's ("
                  + where(policy)
                  + "), and its "
                  + problem.path()
                  + " "
                  + problem.message()));
    }
    List<String> overlaps =
        applied.warnings().stream()
            .map(
                w ->
                    "the lifecycle policy's ("
                        + where(policy)
                        + ") "
                        + w.path()
                        + ": "
                        + w.message())
            .toList();
    return applied.policy().map(p -> policy.applying(p.canonical(), overlaps)).orElse(policy);
  }

  private static String where(DesiredPolicy policy) {
    return switch (policy.source()) {
      case DesiredPolicy.REF -> "EcrLifecyclePolicy " + policy.name();
      case DesiredPolicy.DEFAULT -> "the cluster's default EcrLifecyclePolicy " + policy.name();
      case DesiredPolicy.TEXT -> "spec.lifecyclePolicyText";
      default -> "spec.lifecyclePolicy";
    };
  }

  // Without an operator's settings (validate), Protect is checked against a cluster's tags: the
  // problems it can have do not depend on the cluster's name.
  private static void inUseProtection(EcrRepositorySpec spec, List<SpecProblem> problems) {
    if (spec.getInUseProtection() != InUseProtectionMode.Protect) {
      return;
    }
    List<SpecProblem> policyProblems = new ArrayList<>();
    DesiredPolicy policy = policy(spec, policyProblems);
    if (policy != null && policyProblems.isEmpty()) {
      protecting(policy, "validate", problems);
    }
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
    RepositorySettingsValidator.settings(spec, problems);
    RepositorySettingsValidator.tags(spec, problems);
    RepositorySettingsValidator.repositoryPolicy(spec, problems);
    policy(spec, problems);
    inUseProtection(spec, problems);
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
   * What the deletion of a resource asks of ECR: the repository it addresses, from what the status
   * recorded or else from the spec, its owner and the deletion policy (Retain unless the spec says
   * otherwise); empty when neither status nor spec names a valid repository (then nothing can have
   * been created for it).
   */
  public static Optional<DesiredDeletion> deletion(
      EcrRepository resource, DesiredSettings settings) {
    EcrRepositorySpec spec =
        resource.getSpec() == null ? new EcrRepositorySpec() : resource.getSpec();
    DeletionPolicy policy =
        spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy();
    boolean force = Boolean.TRUE.equals(spec.getForceDelete());
    return repositoryRef(resource, spec, settings)
        .map(
            ref ->
                new DesiredDeletion(
                    ref, Owner.of(settings.clusterName(), resource), policy, force));
  }

  private static Optional<RepositoryRef> repositoryRef(
      EcrRepository resource, EcrRepositorySpec spec, DesiredSettings settings) {
    EcrRepositoryStatus status = resource.getStatus();
    if (status != null && status.getRepositoryName() != null && status.getRegion() != null) {
      return Optional.of(new RepositoryRef(status.getRegion(), status.getRepositoryName()));
    }
    List<SpecProblem> problems = new ArrayList<>();
    String name = repositoryName(resource, spec, problems);
    String region = region(spec, settings, problems);
    return problems.isEmpty() ? Optional.of(new RepositoryRef(region, name)) : Optional.empty();
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
      EcrRepositorySpec spec, DesiredSettings settings, List<SpecProblem> problems) {
    return region(spec.getRegion(), settings, problems);
  }

  /**
   * The region a spec declares, or else the operator's default; a missing or malformed one is a
   * problem at {@code spec.region} (or the operator's flag that supplied it).
   *
   * @param settings null when checking offline, with no operator default to fall back on
   */
  static String region(String declared, DesiredSettings settings, List<SpecProblem> problems) {
    String region = declared != null || settings == null ? declared : settings.defaultRegion();
    if (region == null) {
      problems.add(
          new SpecProblem(
              "spec.region",
              "no region given and the operator has no default region; set spec.region"));
    } else if (region.length() > MAX_REGION_LENGTH || !REGION.matcher(region).matches()) {
      problems.add(
          new SpecProblem(
              declared != null ? "spec.region" : "operator --region",
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

  private static void guardTenancy(
      EcrRepository resource, EcrRepositorySpec spec, String name, List<SpecProblem> problems) {
    String namespace = resource.getMetadata().getNamespace();
    if (!name.startsWith(namespace + "/")) {
      problems.add(
          new SpecProblem(
              spec.getRepositoryName() != null ? "spec.repositoryName" : "metadata.name",
              "this operator requires repositories of namespace "
                  + namespace
                  + " to be named '"
                  + namespace
                  + "/...'; '"
                  + name
                  + "' is not. Set spec.repositoryName: "
                  + namespace
                  + "/"
                  + resource.getMetadata().getName()));
    }
  }

  /**
   * The shared EcrLifecyclePolicy named, canonical; {@link StalledException} when it does not exist
   * ({@link Reasons#POLICY_NOT_FOUND}) or is invalid ({@link Reasons#POLICY_INVALID}).
   */
  static DesiredPolicy referenced(String name, PolicyCatalog catalog) {
    EcrLifecyclePolicy shared =
        catalog
            .named(name)
            .orElseThrow(
                () ->
                    new StalledException(
                        Reasons.POLICY_NOT_FOUND,
                        "EcrLifecyclePolicy "
                            + name
                            + " does not exist; create it or fix spec.lifecyclePolicyRef.name."
                            + " The lifecycle policy in ECR is left as it is until then"));
    return new DesiredPolicy(DesiredPolicy.REF, name, sharedCanonical(shared));
  }

  private static DesiredPolicy clusterDefault(PolicyCatalog catalog) {
    List<EcrLifecyclePolicy> defaults = catalog.defaults();
    if (defaults.isEmpty()) {
      return null;
    }
    if (defaults.size() > 1) {
      throw new StalledException(
          Reasons.DEFAULT_POLICY_CONFLICT,
          "several EcrLifecyclePolicies are annotated as the default ("
              + defaults.stream().map(p -> p.getMetadata().getName()).toList()
              + "); keep the annotation "
              + EcrLifecyclePolicy.DEFAULT_ANNOTATION
              + " on one. The lifecycle policy in ECR is left as it is until then");
    }
    EcrLifecyclePolicy shared = defaults.get(0);
    return new DesiredPolicy(
        DesiredPolicy.DEFAULT, shared.getMetadata().getName(), sharedCanonical(shared));
  }

  /** The canonical form of a shared policy's rules; throws when they are invalid. */
  public static CanonicalPolicy sharedCanonical(EcrLifecyclePolicy shared) {
    List<SpecProblem> bounds = new ArrayList<>();
    if (shared.getSpec() != null) {
      boundedTagLists(shared.getSpec(), bounds);
    }
    if (!bounds.isEmpty()) {
      throw new StalledException(
          Reasons.POLICY_INVALID,
          "EcrLifecyclePolicy "
              + shared.getMetadata().getName()
              + " is invalid: "
              + bounds.stream()
                  .map(p -> p.toString().replace("spec.lifecyclePolicy.", "spec."))
                  .collect(java.util.stream.Collectors.joining("; ")));
    }
    try {
      return LifecyclePolicy.of(JSON.valueToTree(shared.getSpec())).canonical();
    } catch (InvalidPolicyException e) {
      throw new StalledException(
          Reasons.POLICY_INVALID,
          "EcrLifecyclePolicy "
              + shared.getMetadata().getName()
              + " is invalid: "
              + e.getMessage()
              + ". The lifecycle policy in ECR is left as it is until it is fixed");
    }
  }

  private static DesiredPolicy policy(EcrRepositorySpec spec, List<SpecProblem> problems) {
    return policy(
        spec.getLifecyclePolicy(),
        spec.getLifecyclePolicyText(),
        spec.getLifecyclePolicyRef(),
        problems);
  }

  /**
   * The lifecycle policy of a spec's three policy fields (at most one set), canonical; null when
   * none is set or for a reference, which {@link #referenced} resolves. Problems get spec paths.
   */
  static DesiredPolicy policy(
      LifecyclePolicySpec inlinePolicy,
      String policyText,
      LifecyclePolicyRef policyRef,
      List<SpecProblem> problems) {
    boolean inline = inlinePolicy != null;
    boolean text = policyText != null;
    boolean ref = policyRef != null;
    if ((inline ? 1 : 0) + (text ? 1 : 0) + (ref ? 1 : 0) > 1) {
      problems.add(
          new SpecProblem(
              "spec",
              "lifecyclePolicy, lifecyclePolicyText and lifecyclePolicyRef cannot be combined;"
                  + " keep one"));
      return null;
    }
    if (ref
        && (policyRef.getName() == null || !POLICY_NAME.matcher(policyRef.getName()).matches())) {
      problems.add(
          new SpecProblem(
              "spec.lifecyclePolicyRef.name",
              "must name an EcrLifecyclePolicy: lowercase letters, digits, '-' and '.'"));
    }
    try {
      if (inline) {
        boundedTagLists(inlinePolicy, problems);
        JsonNode document = JSON.valueToTree(inlinePolicy);
        return new DesiredPolicy(
            DesiredPolicy.INLINE, null, LifecyclePolicy.of(document).canonical());
      }
      if (text) {
        return new DesiredPolicy(
            DesiredPolicy.TEXT, null, LifecyclePolicy.parse(policyText).canonical());
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
  static SpecProblem textProblem(String base, PolicyProblem p) {
    return new SpecProblem(base, isRoot(p.path()) ? p.message() : p.path() + ": " + p.message());
  }

  private static boolean isRoot(String path) {
    return path == null || path.isEmpty() || "$".equals(path);
  }
}
