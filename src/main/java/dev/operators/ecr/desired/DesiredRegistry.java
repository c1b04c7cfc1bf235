package dev.operators.ecr.desired;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRegistrySpec;
import dev.operators.ecr.api.EcrRegistryStatus;
import dev.operators.ecr.api.RegistryReplicationSpec;
import dev.operators.ecr.api.RegistryScanningSpec;
import dev.operators.ecr.api.RegistrySigningSpec;
import dev.operators.ecr.api.ReplicationDestinationSpec;
import dev.operators.ecr.api.ReplicationRuleSpec;
import dev.operators.ecr.api.ScanningRuleSpec;
import dev.operators.ecr.api.SigningRuleSpec;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.ScanningRule;
import dev.operators.ecr.aws.SigningRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registry settings an EcrRegistry declares, checked as ECR would check them, with what the
 * resource managed until now (from its status): only that is undone when a section goes or the
 * resource is deleted.
 *
 * @param region the registry's region
 * @param replication the replication rules, in order; null when the section is not managed
 * @param scanning the scanning configuration; null when not managed
 * @param policy the registry permission policy; null when not managed
 * @param signing the signing rules, in order; null when not managed
 * @param exclusions the principals whose pulls leave pull times alone; null when not managed
 * @param managedBefore the sections the resource managed after its last pass
 * @param registeredBefore the exclusions the resource registered until now
 * @param deletionPolicy what deleting the resource does to the sections it manages
 */
public record DesiredRegistry(
    String region,
    List<ReplicationRule> replication,
    RegistryScanning scanning,
    DesiredRepositoryPolicy policy,
    List<SigningRule> signing,
    SortedSet<String> exclusions,
    Set<String> managedBefore,
    SortedSet<String> registeredBefore,
    DeletionPolicy deletionPolicy)
    implements DesiredSetting {

  private static final Pattern PRINCIPAL = Pattern.compile(EcrRegistrySpec.PRINCIPAL_ARN_PATTERN);
  private static final Pattern DESTINATION_REGION =
      Pattern.compile(ReplicationDestinationSpec.REGION_PATTERN);
  private static final Pattern REGISTRY_ID =
      Pattern.compile(ReplicationDestinationSpec.REGISTRY_ID_PATTERN);
  private static final Pattern PREFIX_FILTER = Pattern.compile(ReplicationRuleSpec.FILTER_PATTERN);
  private static final Pattern SCANNING_FILTER = Pattern.compile(ScanningRuleSpec.FILTER_PATTERN);
  private static final Pattern SIGNING_FILTER = Pattern.compile(SigningRuleSpec.FILTER_PATTERN);
  private static final Pattern PROFILE = Pattern.compile(SigningRuleSpec.PROFILE_ARN_PATTERN);

  /** The key two resources declaring the same registry share: its region (one account). */
  public String claim() {
    return region;
  }

  /** The sections the spec declares, in the order the status lists them. */
  public List<String> sections() {
    List<String> sections = new ArrayList<>();
    if (replication != null) {
      sections.add(EcrRegistryStatus.REPLICATION);
    }
    if (scanning != null) {
      sections.add(EcrRegistryStatus.SCANNING);
    }
    if (policy != null) {
      sections.add(EcrRegistryStatus.POLICY);
    }
    if (signing != null) {
      sections.add(EcrRegistryStatus.SIGNING);
    }
    if (exclusions != null) {
      sections.add(EcrRegistryStatus.EXCLUSIONS);
    }
    return sections;
  }

  /**
   * The registry as messages name it: {@code registry in eu-west-1}, as in "set scanning of
   * registry in eu-west-1".
   */
  @Override
  public String toString() {
    return "registry in " + region;
  }

  /**
   * @throws InvalidSpecException naming every problem, each with its path
   */
  public static DesiredRegistry of(EcrRegistry resource, DesiredSettings settings) {
    EcrRegistrySpec spec = resource.getSpec() == null ? new EcrRegistrySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();
    List<ReplicationRule> replication = replication(spec.getReplication(), problems);
    RegistryScanning scanning = scanning(spec.getScanning(), problems);
    DesiredRepositoryPolicy policy =
        RepositorySettingsValidator.permissionPolicy(spec.getPolicy(), "spec.policy", problems);
    List<SigningRule> signing = signing(spec.getSigning(), problems);
    SortedSet<String> exclusions = exclusions(spec.getPullTimeUpdateExclusions(), problems);
    String region = DesiredState.region(spec.getRegion(), settings, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    EcrRegistryStatus status = resource.getStatus();
    Set<String> managedBefore =
        status == null || status.getManagedSections() == null
            ? Set.of()
            : Set.copyOf(status.getManagedSections());
    SortedSet<String> registeredBefore =
        status == null || status.getRegisteredExclusions() == null
            ? new TreeSet<>()
            : new TreeSet<>(status.getRegisteredExclusions());
    DeletionPolicy deletion =
        spec.getDeletionPolicy() == null ? DeletionPolicy.Retain : spec.getDeletionPolicy();
    return new DesiredRegistry(
        region,
        replication,
        scanning,
        policy,
        signing,
        exclusions,
        managedBefore,
        registeredBefore,
        deletion);
  }

  /**
   * What is wrong with a spec, checked offline (no operator default region): empty when nothing.
   */
  public static List<SpecProblem> check(EcrRegistry resource) {
    EcrRegistrySpec spec = resource.getSpec() == null ? new EcrRegistrySpec() : resource.getSpec();
    List<SpecProblem> problems = new ArrayList<>();
    replication(spec.getReplication(), problems);
    scanning(spec.getScanning(), problems);
    RepositorySettingsValidator.permissionPolicy(spec.getPolicy(), "spec.policy", problems);
    signing(spec.getSigning(), problems);
    exclusions(spec.getPullTimeUpdateExclusions(), problems);
    if (spec.getRegion() != null) {
      DesiredState.region(spec.getRegion(), null, problems);
    }
    return problems;
  }

  private static List<ReplicationRule> replication(
      RegistryReplicationSpec spec, List<SpecProblem> problems) {
    if (spec == null) {
      return null;
    }
    List<ReplicationRuleSpec> rules = spec.getRules() == null ? List.of() : spec.getRules();
    atMost(
        "spec.replication.rules",
        rules.size(),
        RegistryReplicationSpec.MAX_RULES,
        "rules",
        problems);
    List<ReplicationRule> out = new ArrayList<>();
    Set<ReplicationDestination> unique = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      String path = "spec.replication.rules[" + i + "]";
      ReplicationRuleSpec rule = rules.get(i);
      if (rule == null) {
        problems.add(new SpecProblem(path, "must be a rule, not null"));
        continue;
      }
      List<ReplicationDestination> destinations = new ArrayList<>();
      List<ReplicationDestinationSpec> declared =
          rule.getDestinations() == null ? List.of() : rule.getDestinations();
      if (declared.isEmpty()) {
        problems.add(
            new SpecProblem(
                path + ".destinations",
                "required: at least one registry (region and registryId) to replicate to"));
      }
      for (int j = 0; j < declared.size(); j++) {
        String at = path + ".destinations[" + j + "]";
        ReplicationDestinationSpec d = declared.get(j);
        String region = d == null ? null : d.getRegion();
        String id = d == null ? null : d.getRegistryId();
        boolean valid =
            matches(
                    at + ".region",
                    region,
                    DESTINATION_REGION,
                    "a region such as eu-central-1",
                    problems)
                & matches(at + ".registryId", id, REGISTRY_ID, "a 12-digit account id", problems);
        if (valid) {
          destinations.add(new ReplicationDestination(region, id));
        }
      }
      unique.addAll(destinations);
      List<String> filters =
          filters(
              path + ".repositoryFilters",
              rule.getRepositoryFilters(),
              ReplicationRuleSpec.MIN_FILTER,
              ReplicationRuleSpec.MAX_FILTER,
              PREFIX_FILTER,
              "a repository name prefix: lowercase letters, digits, '.', '_', '-' and '/'",
              problems);
      out.add(new ReplicationRule(destinations, filters));
    }
    if (unique.size() > ReplicationRuleSpec.MAX_DESTINATIONS) {
      problems.add(
          new SpecProblem(
              "spec.replication.rules",
              unique.size()
                  + " distinct destinations; ECR allows at most "
                  + ReplicationRuleSpec.MAX_DESTINATIONS
                  + " across all rules"));
    }
    return out;
  }

  private static RegistryScanning scanning(RegistryScanningSpec spec, List<SpecProblem> problems) {
    if (spec == null) {
      return null;
    }
    String scanType = spec.getScanType() == null ? "BASIC" : spec.getScanType();
    boolean knownType = RegistryScanningSpec.SCAN_TYPES.contains(scanType);
    if (!knownType) {
      problems.add(
          new SpecProblem("spec.scanning.scanType", "'" + scanType + "' is not BASIC or ENHANCED"));
    }
    List<String> allowed =
        "ENHANCED".equals(scanType)
            ? List.of("SCAN_ON_PUSH", "CONTINUOUS_SCAN")
            : List.of("SCAN_ON_PUSH", "MANUAL");
    List<ScanningRuleSpec> rules = spec.getRules() == null ? List.of() : spec.getRules();
    atMost("spec.scanning.rules", rules.size(), RegistryScanningSpec.MAX_RULES, "rules", problems);
    List<ScanningRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String path = "spec.scanning.rules[" + i + "]";
      ScanningRuleSpec rule = rules.get(i);
      String frequency = rule == null ? null : rule.getScanFrequency();
      if (frequency == null) {
        problems.add(
            new SpecProblem(
                path + ".scanFrequency", "required: one of " + String.join(", ", allowed)));
        continue;
      }
      if (!ScanningRuleSpec.FREQUENCIES.contains(frequency)) {
        problems.add(
            new SpecProblem(
                path + ".scanFrequency",
                "'"
                    + frequency
                    + "' is not a scan frequency; use one of "
                    + String.join(", ", ScanningRuleSpec.FREQUENCIES)));
      } else if (knownType && !allowed.contains(frequency)) {
        problems.add(
            new SpecProblem(
                path + ".scanFrequency",
                frequency
                    + " does not go with "
                    + scanType
                    + " scanning, which takes "
                    + String.join(" or ", allowed)));
      }
      List<String> filters =
          rule.getRepositoryFilters() == null || rule.getRepositoryFilters().isEmpty()
              ? List.of()
              : filters(
                  path + ".repositoryFilters",
                  rule.getRepositoryFilters(),
                  1,
                  ScanningRuleSpec.MAX_FILTER,
                  SCANNING_FILTER,
                  "a repository name filter: lowercase letters, digits and *, separated by single"
                      + " '.', '_', '-' or '/'",
                  problems);
      out.add(new ScanningRule(frequency, filters));
    }
    return knownType ? new RegistryScanning(scanType, out) : null;
  }

  private static List<SigningRule> signing(RegistrySigningSpec spec, List<SpecProblem> problems) {
    if (spec == null) {
      return null;
    }
    List<SigningRuleSpec> rules = spec.getRules() == null ? List.of() : spec.getRules();
    atMost("spec.signing.rules", rules.size(), RegistrySigningSpec.MAX_RULES, "rules", problems);
    List<SigningRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      String path = "spec.signing.rules[" + i + "]";
      SigningRuleSpec rule = rules.get(i);
      String profile = rule == null ? null : rule.getSigningProfileArn();
      if (!matches(
          path + ".signingProfileArn",
          profile,
          PROFILE,
          "an AWS Signer profile ARN"
              + " (arn:aws:signer:<region>:<account>:/signing-profiles/<name>)",
          problems)) {
        continue;
      }
      if (profile.length() > SigningRuleSpec.MAX_PROFILE_ARN) {
        problems.add(
            new SpecProblem(
                path + ".signingProfileArn",
                "longer than " + SigningRuleSpec.MAX_PROFILE_ARN + " characters"));
      }
      List<String> filters =
          filters(
              path + ".repositoryFilters",
              rule.getRepositoryFilters(),
              1,
              SigningRuleSpec.MAX_FILTER,
              SIGNING_FILTER,
              "a repository name filter: lowercase letters, digits and *, in parts separated by"
                  + " '.', '_', '-' or '/'",
              problems);
      out.add(new SigningRule(profile, filters));
    }
    return out;
  }

  private static SortedSet<String> exclusions(List<String> declared, List<SpecProblem> problems) {
    if (declared == null) {
      return null;
    }
    SortedSet<String> out = new TreeSet<>();
    for (int i = 0; i < declared.size(); i++) {
      String path = "spec.pullTimeUpdateExclusions[" + i + "]";
      String arn = declared.get(i);
      if (arn != null && arn.length() > EcrRegistrySpec.MAX_PRINCIPAL_ARN) {
        problems.add(
            new SpecProblem(
                path, "longer than " + EcrRegistrySpec.MAX_PRINCIPAL_ARN + " characters"));
      } else if (matches(
          path,
          arn,
          PRINCIPAL,
          "an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)",
          problems)) {
        out.add(arn);
      }
    }
    atMost(
        "spec.pullTimeUpdateExclusions",
        out.size(),
        EcrRegistrySpec.MAX_EXCLUSIONS,
        "distinct principals",
        problems);
    return out;
  }

  // Absent filters: the rule selects every repository; present: 1 to 100 of them.
  private static List<String> filters(
      String path,
      List<String> filters,
      int minLength,
      int maxLength,
      Pattern pattern,
      String what,
      List<SpecProblem> problems) {
    if (filters == null) {
      return List.of();
    }
    if (filters.isEmpty()) {
      problems.add(
          new SpecProblem(
              path,
              "empty: list at least one filter, or leave the field out for every repository"));
    }
    atMost(path, filters.size(), ReplicationRuleSpec.MAX_FILTERS, "filters", problems);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      String at = path + "[" + i + "]";
      String filter = filters.get(i);
      if (filter != null && (filter.length() < minLength || filter.length() > maxLength)) {
        problems.add(
            new SpecProblem(at, "must be " + minLength + " to " + maxLength + " characters long"));
      } else if (matches(at, filter, pattern, what, problems)) {
        out.add(filter);
      }
    }
    return out;
  }

  private static boolean matches(
      String path, String value, Pattern pattern, String what, List<SpecProblem> problems) {
    if (value == null) {
      problems.add(new SpecProblem(path, "required: " + what));
      return false;
    }
    if (!pattern.matcher(value).matches()) {
      problems.add(new SpecProblem(path, "'" + value + "' is not " + what));
      return false;
    }
    return true;
  }

  private static void atMost(
      String path, int count, int max, String what, List<SpecProblem> problems) {
    if (count > max) {
      problems.add(new SpecProblem(path, count + " " + what + "; ECR allows at most " + max));
    }
  }
}
