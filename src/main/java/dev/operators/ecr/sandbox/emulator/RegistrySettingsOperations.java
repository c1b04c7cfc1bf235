package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The operations on a registry's own settings: replication, registry scanning, the registry policy,
 * managed signing and pull time update exclusions (docs/ecr-semantics.md §3.12). Limits are the
 * model's, or ECR's documented quotas where the model is wider.
 */
final class RegistrySettingsOperations {
  static final int MAX_REPLICATION_RULES = 10;
  static final int MAX_DESTINATIONS_PER_RULE = 100;

  /** The user guide's quota: replication reaches at most 25 unique destinations in all. */
  static final int MAX_UNIQUE_DESTINATIONS = 25;

  static final int MAX_FILTERS_PER_RULE = 100;
  static final int MAX_SCANNING_RULES = 2;
  static final int MAX_SIGNING_RULES = 10;

  /** The user guide: up to 100 exclusions. [INFERRED] Counted per registry, like the rest here. */
  static final int MAX_EXCLUSIONS = 100;

  static final int MAX_ARN = 200;
  static final int MAX_EXCLUSIONS_PAGE = 1000;

  private static final String REPLICATION_RULES = "replicationConfiguration.rules";
  private static final String SIGNING_RULES = "signingConfiguration.rules";
  private static final String ENHANCED = "ENHANCED";
  private static final String SCAN_ON_PUSH = "SCAN_ON_PUSH";

  /**
   * The frequencies each scan type takes (the model's RegistryScanningRule documentation): BASIC
   * scans on push or manually, ENHANCED on push or continuously.
   */
  private static final Map<String, Set<String>> FREQUENCIES =
      Map.of(
          RegistrySettings.BASIC,
          Set.of(SCAN_ON_PUSH, "MANUAL"),
          ENHANCED,
          Set.of(SCAN_ON_PUSH, "CONTINUOUS_SCAN"));

  private static final Set<String> ALL_FREQUENCIES =
      Set.of(SCAN_ON_PUSH, "MANUAL", "CONTINUOUS_SCAN");

  private static final String REGION_REGEX = "[0-9a-z-]{2,25}";
  private static final String REGISTRY_ID_REGEX = "[0-9]{12}";
  private static final String PREFIX_FILTER_REGEX =
      "^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$";
  private static final String SCANNING_FILTER_REGEX = "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$";
  private static final String SIGNING_FILTER_REGEX =
      "^(?:[a-z0-9*]+(?:[._-][a-z0-9*]+)*/)*[a-z0-9*]+(?:[._-][a-z0-9*]+)*$";
  private static final String SIGNING_PROFILE_REGEX =
      "^arn:aws(-[a-z]+)*:signer:[a-z0-9-]+:[0-9]{12}:\\/signing-profiles\\/[a-zA-Z0-9_]{2,}$";
  private static final String PRINCIPAL_REGEX =
      "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$";

  private final EcrState state;

  RegistrySettingsOperations(EcrState state) {
    this.state = state;
  }

  // --- Replication -------------------------------------------------------------------------

  /**
   * Replaces every rule. [INFERRED] A destination that is the registry itself (its own region and
   * account) is refused: there is nothing to replicate to.
   */
  JsonNode putReplicationConfiguration(Registry registry, RequestBody body) {
    List<RequestBody> rules =
        body.requiredStructure("replicationConfiguration")
            .structures("rules")
            .orElseThrow(() -> EcrError.missingMember(REPLICATION_RULES));
    checkAtMost(REPLICATION_RULES, rules.size(), MAX_REPLICATION_RULES);
    ArrayNode stored = Shapes.array();
    Set<String> unique = new TreeSet<>();
    for (RequestBody rule : rules) {
      String member = REPLICATION_RULES + ".member.destinations";
      List<RequestBody> destinations =
          rule.structures("destinations").orElseThrow(() -> EcrError.missingMember(member));
      checkAtMost(member, destinations.size(), MAX_DESTINATIONS_PER_RULE);
      ObjectNode out = stored.addObject();
      ArrayNode outDestinations = out.putArray("destinations");
      for (RequestBody destination : destinations) {
        String region =
            matching(member + ".region", destination.requiredString("region"), REGION_REGEX);
        String id =
            matching(
                member + ".registryId",
                destination.requiredString("registryId"),
                REGISTRY_ID_REGEX);
        if (region.equals(registry.region()) && id.equals(registry.accountId())) {
          throw EcrError.invalidParameter(
              member, "a destination cannot be the source registry (its own region and account)");
        }
        unique.add(region + "/" + id);
        outDestinations.addObject().put("region", region).put("registryId", id);
      }
      rule.structures("repositoryFilters")
          .ifPresent(
              filters ->
                  out.set(
                      "repositoryFilters",
                      filters(
                          REPLICATION_RULES + ".member.repositoryFilters",
                          filters,
                          "PREFIX_MATCH",
                          PREFIX_FILTER_REGEX,
                          2,
                          256)));
    }
    if (unique.size() > MAX_UNIQUE_DESTINATIONS) {
      throw EcrError.invalidParameter(
          REPLICATION_RULES,
          "at most " + MAX_UNIQUE_DESTINATIONS + " unique destinations across all rules");
    }
    registry.settings().setReplicationRules(stored);
    ObjectNode out = Shapes.object();
    out.putObject("replicationConfiguration").set("rules", stored);
    return out;
  }

  /** The registry's id and its replication rules, none before any were put. */
  JsonNode describeRegistry(Registry registry, RequestBody body) {
    ObjectNode out = Shapes.object().put("registryId", registry.accountId());
    out.putObject("replicationConfiguration").set("rules", registry.settings().replicationRules());
    return out;
  }

  // --- Registry scanning -------------------------------------------------------------------

  /** [INFERRED] A scan type left out is BASIC, and rules left out are none: the defaults. */
  JsonNode putRegistryScanningConfiguration(Registry registry, RequestBody body) {
    String scanType =
        InputConstraints.oneOf(
            "scanType",
            body.string("scanType").orElse(RegistrySettings.BASIC),
            FREQUENCIES.keySet());
    List<RequestBody> rules = body.structures("rules").orElse(List.of());
    checkAtMost("rules", rules.size(), MAX_SCANNING_RULES);
    ArrayNode stored = Shapes.array();
    for (RequestBody rule : rules) {
      String frequency =
          InputConstraints.oneOf(
              "rules.member.scanFrequency", rule.requiredString("scanFrequency"), ALL_FREQUENCIES);
      if (!FREQUENCIES.get(scanType).contains(frequency)) {
        throw EcrError.invalidParameter(
            "rules.member.scanFrequency",
            scanType + " scanning takes " + new TreeSet<>(FREQUENCIES.get(scanType)));
      }
      String member = "rules.member.repositoryFilters";
      List<RequestBody> filters =
          rule.structures("repositoryFilters").orElseThrow(() -> EcrError.missingMember(member));
      ObjectNode out = stored.addObject().put("scanFrequency", frequency);
      out.set(
          "repositoryFilters",
          filters.isEmpty()
              ? Shapes.array()
              : filters(member, filters, "WILDCARD", SCANNING_FILTER_REGEX, 1, 255));
    }
    registry.settings().setScanning(scanType, stored);
    ObjectNode out = Shapes.object();
    out.set("registryScanningConfiguration", scanning(registry));
    return out;
  }

  JsonNode getRegistryScanningConfiguration(Registry registry, RequestBody body) {
    ObjectNode out = Shapes.object().put("registryId", registry.accountId());
    out.set("scanningConfiguration", scanning(registry));
    return out;
  }

  private static ObjectNode scanning(Registry registry) {
    ObjectNode scanning = Shapes.object().put("scanType", registry.settings().scanType());
    scanning.set("rules", registry.settings().scanningRules());
    return scanning;
  }

  // --- Registry policy ---------------------------------------------------------------------

  /** Stored in the layout ECR gives a repository policy, checked as one. */
  JsonNode putRegistryPolicy(Registry registry, RequestBody body) {
    String text =
        PermissionPolicies.checked(
            body.requiredString("policyText"), PermissionPolicies.INVALID_REGISTRY_POLICY);
    registry.settings().setPolicyText(text);
    return policyResult(registry, text);
  }

  JsonNode getRegistryPolicy(Registry registry, RequestBody body) {
    return policyResult(registry, requirePolicy(registry));
  }

  JsonNode deleteRegistryPolicy(Registry registry, RequestBody body) {
    String text = requirePolicy(registry);
    registry.settings().setPolicyText(null);
    return policyResult(registry, text);
  }

  private static String requirePolicy(Registry registry) {
    return registry
        .settings()
        .policyText()
        .orElseThrow(
            () -> notFound("RegistryPolicyNotFoundException", "Registry policy", registry));
  }

  private static ObjectNode policyResult(Registry registry, String text) {
    return Shapes.object().put("registryId", registry.accountId()).put("policyText", text);
  }

  // --- Managed signing ---------------------------------------------------------------------

  /** Replaces every rule; [INFERRED] an empty list of rules is a configuration with no rules. */
  JsonNode putSigningConfiguration(Registry registry, RequestBody body) {
    List<RequestBody> rules =
        body.requiredStructure("signingConfiguration")
            .structures("rules")
            .orElseThrow(() -> EcrError.missingMember(SIGNING_RULES));
    checkAtMost(SIGNING_RULES, rules.size(), MAX_SIGNING_RULES);
    ArrayNode stored = Shapes.array();
    for (RequestBody rule : rules) {
      String profile =
          arn(
              SIGNING_RULES + ".member.signingProfileArn",
              rule.requiredString("signingProfileArn"),
              SIGNING_PROFILE_REGEX);
      ObjectNode out = stored.addObject().put("signingProfileArn", profile);
      rule.structures("repositoryFilters")
          .ifPresent(
              filters ->
                  out.set(
                      "repositoryFilters",
                      filters(
                          SIGNING_RULES + ".member.repositoryFilters",
                          filters,
                          "WILDCARD_MATCH",
                          SIGNING_FILTER_REGEX,
                          1,
                          256)));
    }
    registry.settings().setSigningRules(stored);
    ObjectNode out = Shapes.object();
    out.putObject("signingConfiguration").set("rules", stored);
    return out;
  }

  JsonNode getSigningConfiguration(Registry registry, RequestBody body) {
    return signingResult(registry, requireSigning(registry));
  }

  JsonNode deleteSigningConfiguration(Registry registry, RequestBody body) {
    ArrayNode rules = requireSigning(registry);
    registry.settings().setSigningRules(null);
    return signingResult(registry, rules);
  }

  private static ArrayNode requireSigning(Registry registry) {
    return registry
        .settings()
        .signingRules()
        .orElseThrow(
            () ->
                notFound(
                    "SigningConfigurationNotFoundException", "Signing configuration", registry));
  }

  private static EcrError notFound(String code, String what, Registry registry) {
    return EcrError.clientError(
        code, what + " does not exist in the registry with id '" + registry.accountId() + "'");
  }

  private static ObjectNode signingResult(Registry registry, ArrayNode rules) {
    ObjectNode out = Shapes.object().put("registryId", registry.accountId());
    out.putObject("signingConfiguration").set("rules", rules);
    return out;
  }

  // --- Pull time update exclusions ---------------------------------------------------------

  JsonNode registerPullTimeUpdateExclusion(Registry registry, RequestBody body) {
    String principal = principalArn(body);
    Map<String, Instant> exclusions = registry.settings().exclusions();
    if (exclusions.containsKey(principal)) {
      throw EcrError.clientError(
          "ExclusionAlreadyExistsException",
          "The principal '" + principal + "' is already excluded from pull time updates");
    }
    if (exclusions.size() >= MAX_EXCLUSIONS) {
      throw EcrError.clientError(
          "LimitExceededException",
          "The registry already has the maximum of " + MAX_EXCLUSIONS + " exclusions");
    }
    exclusions.put(principal, state.now());
    ObjectNode out = Shapes.object().put("principalArn", principal);
    out.set("createdAt", Shapes.timestamp(exclusions.get(principal)));
    return out;
  }

  JsonNode deregisterPullTimeUpdateExclusion(Registry registry, RequestBody body) {
    String principal = principalArn(body);
    if (registry.settings().exclusions().remove(principal) == null) {
      throw EcrError.clientError(
          "ExclusionNotFoundException",
          "The principal '" + principal + "' is not excluded from pull time updates");
    }
    return Shapes.object().put("principalArn", principal);
  }

  /** Ordered by ARN, 100 to a page unless {@code maxResults} (1 to 1000) says otherwise. */
  JsonNode listPullTimeUpdateExclusions(Registry registry, RequestBody body) {
    Page<String> page =
        Page.of(
            new ArrayList<>(registry.settings().exclusions().keySet()),
            arn -> arn,
            body.string("nextToken").orElse(null),
            RepositoryOperations.pageSize(body, MAX_EXCLUSIONS_PAGE),
            "nextToken");
    ObjectNode out = Shapes.object();
    out.set("pullTimeUpdateExclusions", Shapes.strings(page.items()));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  private static String principalArn(RequestBody body) {
    return arn("principalArn", body.requiredString("principalArn"), PRINCIPAL_REGEX);
  }

  // --- Shared checks -----------------------------------------------------------------------

  /** Repository filters of one type: 1 to {@value #MAX_FILTERS_PER_RULE}, each well formed. */
  private static ArrayNode filters(
      String member, List<RequestBody> filters, String type, String regex, int min, int max) {
    InputConstraints.checkItemCount(member, filters.size(), MAX_FILTERS_PER_RULE);
    ArrayNode out = Shapes.array();
    for (RequestBody filter : filters) {
      InputConstraints.oneOf(
          member + ".filterType", filter.requiredString("filterType"), Set.of(type));
      String value = filter.requiredString("filter");
      if (value.length() < min || value.length() > max) {
        throw EcrError.invalidParameter(
            member + ".filter", "Member must have length between " + min + " and " + max);
      }
      matching(member + ".filter", value, regex);
      out.addObject().put("filter", value).put("filterType", type);
    }
    return out;
  }

  private static String arn(String member, String value, String regex) {
    if (value.length() > MAX_ARN) {
      throw EcrError.invalidParameter(
          member, "Member must have length less than or equal to " + MAX_ARN);
    }
    return matching(member, value, regex);
  }

  private static String matching(String member, String value, String regex) {
    if (!Pattern.compile(regex).matcher(value).matches()) {
      throw EcrError.invalidParameter(member, "must satisfy regular expression '" + regex + "'");
    }
    return value;
  }

  /** A list member of the model's {@code min: 0}, {@code max}. */
  private static void checkAtMost(String member, int count, int max) {
    if (count > max) {
      throw EcrError.invalidParameter(member, "Member must have at most " + max + " items");
    }
  }
}
