package dev.operators.ecr.desired;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrAccessSpec;
import dev.operators.ecr.api.EcrPullThroughCacheRuleSpec;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.aws.AwsIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An EcrAccess checked: the identity it acts as and the resources it serves.
 *
 * @param name the EcrAccess's name
 * @param identity the role to assume
 * @param region the region of served resources that name none; null for the operator's default
 * @param namespaces namespaces served by name
 * @param namespaceSelector namespaces served by label; null for none
 * @param resourceSelector only the namespaced resources carrying these labels; null for all
 * @param clusterResourceSelector registry-level resources served; null for none
 */
public record DesiredAccess(
    String name,
    AwsIdentity identity,
    String region,
    Set<String> namespaces,
    LabelMatch namespaceSelector,
    LabelMatch resourceSelector,
    LabelMatch clusterResourceSelector) {

  private static final Pattern ROLE_ARN =
      Pattern.compile(EcrPullThroughCacheRuleSpec.ROLE_ARN_PATTERN);
  private static final Pattern EXTERNAL_ID = Pattern.compile(EcrAccessSpec.EXTERNAL_ID_PATTERN);
  private static final Pattern NAMESPACE = Pattern.compile(EcrAccessSpec.NAMESPACE_PATTERN);
  private static final Pattern REGION = Pattern.compile(EcrRepositorySpec.REGION_PATTERN);
  // STS's limits (AssumeRole): external ID 2 to 1224 characters; at most 50 session tags, a key
  // of 1 to 128 characters and a value of at most 256.
  private static final int MAX_SESSION_TAGS = 50;
  private static final int MAX_REGION = 32;
  private static final int MAX_TAG_KEY = 128;
  private static final int MAX_TAG_VALUE = 256;

  public DesiredAccess {
    namespaces = Set.copyOf(namespaces);
  }

  /**
   * The access checked.
   *
   * @throws InvalidSpecException naming each problem with its path
   */
  public static DesiredAccess of(EcrAccess access) {
    List<SpecProblem> problems = new ArrayList<>();
    DesiredAccess desired = read(access, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return desired;
  }

  /** Every problem of the spec, with its path; empty when it is usable. */
  public static List<SpecProblem> check(EcrAccess access) {
    List<SpecProblem> problems = new ArrayList<>();
    read(access, problems);
    return problems;
  }

  /**
   * What an access whose spec is invalid may serve: its selectors that could not be read select
   * everything. Used to refuse, rather than hand to another identity, a resource it may serve.
   */
  static DesiredAccess lenient(EcrAccess access) {
    return read(access, new ArrayList<>());
  }

  /** Whether it serves the resource. */
  public boolean serves(AccessTarget target) {
    if (!target.namespaced()) {
      return clusterResourceSelector != null && clusterResourceSelector.matches(target.labels());
    }
    boolean namespace =
        namespaces.contains(target.namespace())
            || namespaceSelector != null && namespaceSelector.matches(target.namespaceLabels());
    return namespace && (resourceSelector == null || resourceSelector.matches(target.labels()));
  }

  private static DesiredAccess read(EcrAccess access, List<SpecProblem> problems) {
    EcrAccessSpec spec = access.getSpec() == null ? new EcrAccessSpec() : access.getSpec();
    String roleArn = spec.getRoleArn();
    if (roleArn == null || roleArn.isEmpty()) {
      problems.add(new SpecProblem("spec.roleArn", "the role to assume is required"));
    } else if (!ROLE_ARN.matcher(roleArn).matches()) {
      problems.add(
          new SpecProblem(
              "spec.roleArn",
              "'"
                  + roleArn
                  + "' is not an IAM role ARN such as arn:aws:iam::111122223333:role/ecr"));
    }
    String externalId = spec.getExternalId();
    if (externalId != null
        && (externalId.length() < 2
            || externalId.length() > 1224
            || !EXTERNAL_ID.matcher(externalId).matches())) {
      problems.add(
          new SpecProblem(
              "spec.externalId",
              "2 to 1224 letters, digits and +=,.@:/- characters, as STS takes it"));
    }
    Map<String, String> tags = spec.getSessionTags() == null ? Map.of() : spec.getSessionTags();
    if (tags.size() > MAX_SESSION_TAGS) {
      problems.add(
          new SpecProblem("spec.sessionTags", "at most " + MAX_SESSION_TAGS + " session tags"));
    }
    for (var tag : new java.util.TreeMap<>(tags).entrySet()) {
      String key = tag.getKey();
      String value = tag.getValue() == null ? "" : tag.getValue();
      if (key.isEmpty() || key.length() > MAX_TAG_KEY || value.length() > MAX_TAG_VALUE) {
        problems.add(
            new SpecProblem(
                "spec.sessionTags." + key,
                "a key has 1 to " + MAX_TAG_KEY + " characters, a value at most " + MAX_TAG_VALUE));
      }
    }
    String region = spec.getRegion();
    if (region != null && (region.length() > MAX_REGION || !REGION.matcher(region).matches())) {
      problems.add(
          new SpecProblem(
              "spec.region", "'" + region + "' is not an AWS region such as eu-west-1"));
    }
    List<String> names = spec.getNamespaces() == null ? List.of() : spec.getNamespaces();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || name.length() > 63 || !NAMESPACE.matcher(name).matches()) {
        problems.add(
            new SpecProblem(
                "spec.namespaces[" + i + "]", "'" + name + "' is not a namespace name"));
      }
    }
    LabelMatch namespaceSelector =
        LabelMatch.of(spec.getNamespaceSelector(), "spec.namespaceSelector", problems);
    LabelMatch resourceSelector =
        LabelMatch.of(spec.getResourceSelector(), "spec.resourceSelector", problems);
    LabelMatch clusterResourceSelector =
        LabelMatch.of(spec.getClusterResourceSelector(), "spec.clusterResourceSelector", problems);
    if (spec.getNamespaces() == null
        && namespaceSelector == null
        && clusterResourceSelector == null) {
      problems.add(
          new SpecProblem(
              "spec",
              "an EcrAccess must serve something: give namespaces, namespaceSelector or"
                  + " clusterResourceSelector"));
    }
    AwsIdentity identity =
        roleArn == null || roleArn.isEmpty()
            ? AwsIdentity.AMBIENT
            : AwsIdentity.role(roleArn, externalId, tags);
    Set<String> served = new TreeSet<>();
    names.stream().filter(n -> n != null).forEach(served::add);
    return new DesiredAccess(
        access.getMetadata().getName(),
        identity,
        region,
        served,
        namespaceSelector,
        resourceSelector,
        clusterResourceSelector);
  }
}
