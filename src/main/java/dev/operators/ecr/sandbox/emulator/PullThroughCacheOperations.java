package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pull-through cache rules: creating, describing, updating, deleting and validating them. Nothing
 * is pulled: the emulator has no upstream, and validation answers what {@link Upstreams} says.
 */
final class PullThroughCacheOperations {
  /** The model's {@code PullThroughCacheRuleRepositoryPrefix} and {@code Prefix} pattern. */
  static final Pattern PREFIX =
      Pattern.compile(
          "^([a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*\\/?|ROOT)$");

  static final String ROOT = "ROOT";
  static final String ECR = "ecr";
  static final int MIN_PREFIX = 2;
  static final int MAX_PREFIX = 30;
  static final int MAX_PREFIXES_PER_DESCRIBE = 100;
  static final int MAX_CUSTOM_ROLE_ARN = 2048;

  /**
   * Rules per registry: the figure the project works with; the user guide's older text says 10, the
   * service quotas page in the sources at hand does not list it.
   */
  static final int MAX_RULES = 50;

  private static final int MIN_CREDENTIAL_ARN = 50;
  private static final int MAX_CREDENTIAL_ARN = 612;
  private static final int MAX_PAGE = 1000;
  private static final Pattern CREDENTIAL_ARN =
      Pattern.compile(
          "^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/"
              + "[a-zA-Z0-9\\/_+=.@-]+$");
  // The model only limits the length; an IAM role ARN is what the API reference asks for.
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");
  private static final Pattern ECR_URL =
      Pattern.compile("([0-9]{12})\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com");
  private static final Pattern AZURE_URL = Pattern.compile("[a-z0-9]+\\.azurecr\\.io");

  /**
   * The upstream URL each upstream registry takes (the API reference's list; chainguard's is its
   * registry's public host name).
   */
  private static final Map<String, Pattern> URLS =
      Map.of(
          ECR,
          ECR_URL,
          "ecr-public",
          Pattern.compile(Pattern.quote("public.ecr.aws")),
          "quay",
          Pattern.compile(Pattern.quote("quay.io")),
          "k8s",
          Pattern.compile(Pattern.quote("registry.k8s.io")),
          "docker-hub",
          Pattern.compile(Pattern.quote("registry-1.docker.io")),
          "github-container-registry",
          Pattern.compile(Pattern.quote("ghcr.io")),
          "azure-container-registry",
          AZURE_URL,
          "gitlab-container-registry",
          Pattern.compile(Pattern.quote("registry.gitlab.com")),
          "chainguard",
          Pattern.compile(Pattern.quote("cgr.dev")));

  /** The upstreams the user guide says require a Secrets Manager secret. */
  private static final Set<String> NEED_SECRET =
      Set.of(
          "docker-hub",
          "github-container-registry",
          "azure-container-registry",
          "gitlab-container-registry",
          "chainguard");

  private final EcrState state;

  PullThroughCacheOperations(EcrState state) {
    this.state = state;
  }

  /**
   * The prefix without the trailing {@code /} that ECR always assumes ({@code a/} is {@code a}).
   */
  static String withoutTrailingSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /**
   * Everything is checked before anything is stored. Where the sources say which upstream takes
   * which credentials but not which error a mismatch gets, the emulator answers
   * InvalidParameterException.
   */
  JsonNode createPullThroughCacheRule(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    String url = body.requiredString("upstreamRegistryUrl");
    String upstream =
        body.string("upstreamRegistry")
            .map(given -> InputConstraints.oneOf("upstreamRegistry", given, URLS.keySet()))
            .orElseGet(() -> upstreamOf(url));
    if (!URLS.get(upstream).matcher(url).matches()) {
      throw unsupported(
          "The upstream registry URL '" + url + "' is not a URL of upstream registry " + upstream);
    }
    String credentialArn = credentialArn(registry, body);
    String customRoleArn = customRoleArn(body);
    String upstreamPrefix = body.string("upstreamRepositoryPrefix").orElse(null);
    checkCredentials(registry, upstream, url, credentialArn, customRoleArn);
    if (upstreamPrefix != null) {
      checkPrefix("upstreamRepositoryPrefix", upstreamPrefix);
      if (!upstream.equals(ECR)) {
        throw EcrError.invalidParameter(
            "upstreamRepositoryPrefix", "only an ecr upstream registry takes a repository prefix");
      }
      if (prefix.equals(ROOT) && !upstreamPrefix.equals(ROOT)) {
        throw EcrError.invalidParameter(
            "upstreamRepositoryPrefix",
            "an upstream repository prefix needs an ecrRepositoryPrefix other than ROOT");
      }
    } else if (upstream.equals(ECR)) {
      upstreamPrefix = ROOT;
    }
    Map<String, StoredPullThroughCacheRule> rules = registry.pullThroughCacheRules();
    String key = withoutTrailingSlash(prefix);
    if (rules.containsKey(key)) {
      throw EcrError.clientError(
          "PullThroughCacheRuleAlreadyExistsException",
          "A pull through cache rule with these settings already exists for the private registry"
              + " with id '"
              + registry.accountId()
              + "'.");
    }
    if (rules.size() >= MAX_RULES) {
      throw EcrError.clientError(
          "LimitExceededException",
          "The maximum number of pull through cache rules ("
              + MAX_RULES
              + ") for the registry with id '"
              + registry.accountId()
              + "' has been reached");
    }
    StoredPullThroughCacheRule rule =
        new StoredPullThroughCacheRule(
            prefix, url, upstream, upstreamPrefix, credentialArn, customRoleArn, state.now());
    rules.put(key, rule);
    ObjectNode out = rule(registry, rule);
    out.remove("updatedAt");
    return out;
  }

  /**
   * Named prefixes must all have a rule, as DescribeRepositories requires of names; the answer is
   * paged either way, ordered by prefix.
   */
  JsonNode describePullThroughCacheRules(Registry registry, RequestBody body) {
    int pageSize = RepositoryOperations.pageSize(body, MAX_PAGE);
    List<StoredPullThroughCacheRule> selected;
    var prefixes = body.strings("ecrRepositoryPrefixes");
    if (prefixes.isPresent()) {
      InputConstraints.checkItemCount(
          "ecrRepositoryPrefixes", prefixes.get().size(), MAX_PREFIXES_PER_DESCRIBE);
      selected = new ArrayList<>();
      for (String prefix : prefixes.get()) {
        checkPrefix("ecrRepositoryPrefixes", prefix);
        StoredPullThroughCacheRule rule = require(registry, prefix);
        if (!selected.contains(rule)) {
          selected.add(rule);
        }
      }
    } else {
      selected = new ArrayList<>(registry.pullThroughCacheRules().values());
    }
    Page<StoredPullThroughCacheRule> page =
        Page.of(
            selected,
            StoredPullThroughCacheRule::ecrRepositoryPrefix,
            body.string("nextToken").orElse(null),
            pageSize,
            "nextToken");
    ObjectNode out = Shapes.object();
    ArrayNode rules = out.putArray("pullThroughCacheRules");
    page.items().forEach(rule -> rules.add(rule(registry, rule)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /**
   * Changes the credentials and the role, the only settings ECR changes in place; a member left out
   * keeps its value. The same credential rules as on create hold for the result.
   */
  JsonNode updatePullThroughCacheRule(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    String credentialArn = credentialArn(registry, body);
    String customRoleArn = customRoleArn(body);
    StoredPullThroughCacheRule rule = require(registry, prefix);
    String newCredential = credentialArn != null ? credentialArn : rule.credentialArn();
    String newRole = customRoleArn != null ? customRoleArn : rule.customRoleArn();
    checkCredentials(
        registry, rule.upstreamRegistry(), rule.upstreamRegistryUrl(), newCredential, newRole);
    rule.update(newCredential, newRole, state.now());
    ObjectNode out = Shapes.object();
    out.put("ecrRepositoryPrefix", rule.ecrRepositoryPrefix());
    out.put("registryId", registry.accountId());
    Shapes.putTimestamp(out, "updatedAt", rule.updatedAt());
    putIfSet(out, "credentialArn", rule.credentialArn());
    putIfSet(out, "customRoleArn", rule.customRoleArn());
    putIfSet(out, "upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix());
    return out;
  }

  JsonNode deletePullThroughCacheRule(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    StoredPullThroughCacheRule rule = require(registry, prefix);
    registry.pullThroughCacheRules().remove(withoutTrailingSlash(rule.ecrRepositoryPrefix()));
    ObjectNode out = rule(registry, rule);
    out.remove("updatedAt");
    out.remove("upstreamRegistry");
    return out;
  }

  JsonNode validatePullThroughCacheRule(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    StoredPullThroughCacheRule rule = require(registry, prefix);
    String failure = state.upstreams().failure(rule);
    ObjectNode out = Shapes.object();
    out.put("ecrRepositoryPrefix", rule.ecrRepositoryPrefix());
    out.put("registryId", registry.accountId());
    out.put("upstreamRegistryUrl", rule.upstreamRegistryUrl());
    putIfSet(out, "credentialArn", rule.credentialArn());
    putIfSet(out, "customRoleArn", rule.customRoleArn());
    putIfSet(out, "upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix());
    out.put("isValid", failure == null);
    putIfSet(out, "failure", failure);
    return out;
  }

  private static ObjectNode rule(Registry registry, StoredPullThroughCacheRule rule) {
    ObjectNode out = Shapes.object();
    out.put("ecrRepositoryPrefix", rule.ecrRepositoryPrefix());
    out.put("upstreamRegistryUrl", rule.upstreamRegistryUrl());
    out.set("createdAt", Shapes.timestamp(rule.createdAt()));
    out.put("registryId", registry.accountId());
    putIfSet(out, "credentialArn", rule.credentialArn());
    putIfSet(out, "customRoleArn", rule.customRoleArn());
    putIfSet(out, "upstreamRepositoryPrefix", rule.upstreamRepositoryPrefix());
    out.put("upstreamRegistry", rule.upstreamRegistry());
    Shapes.putTimestamp(out, "updatedAt", rule.updatedAt());
    return out;
  }

  static void putIfSet(ObjectNode out, String member, String value) {
    if (value != null) {
      out.put(member, value);
    }
  }

  private static StoredPullThroughCacheRule require(Registry registry, String prefix) {
    StoredPullThroughCacheRule rule =
        registry.pullThroughCacheRules().get(withoutTrailingSlash(prefix));
    if (rule == null) {
      throw EcrError.clientError(
          "PullThroughCacheRuleNotFoundException",
          "The pull through cache rule with prefix '"
              + prefix
              + "' does not exist in the registry with id '"
              + registry.accountId()
              + "'");
    }
    return rule;
  }

  private static String prefix(RequestBody body) {
    String prefix = body.requiredString("ecrRepositoryPrefix");
    checkPrefix("ecrRepositoryPrefix", prefix);
    return prefix;
  }

  static void checkPrefix(String member, String prefix) {
    if (prefix.length() < MIN_PREFIX || prefix.length() > MAX_PREFIX) {
      throw EcrError.invalidParameter(
          member, "Member must have length between " + MIN_PREFIX + " and " + MAX_PREFIX);
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw EcrError.invalidParameter(
          member, "Member must satisfy regular expression pattern: " + PREFIX.pattern());
    }
  }

  /** The upstream a URL names, when the request leaves {@code upstreamRegistry} out. */
  private static String upstreamOf(String url) {
    return URLS.entrySet().stream()
        .filter(e -> e.getValue().matcher(url).matches())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> unsupported("The upstream registry URL '" + url + "' is not supported"));
  }

  private static EcrError unsupported(String message) {
    return EcrError.clientError("UnsupportedUpstreamRegistryException", message);
  }

  /**
   * The secret must be an {@code ecr-pullthroughcache/} secret of the registry's own account and
   * region (user guide); one elsewhere is reported as not found.
   */
  private static String credentialArn(Registry registry, RequestBody body) {
    String arn = body.string("credentialArn").orElse(null);
    if (arn == null) {
      return null;
    }
    if (arn.length() < MIN_CREDENTIAL_ARN || arn.length() > MAX_CREDENTIAL_ARN) {
      throw EcrError.invalidParameter(
          "credentialArn",
          "Member must have length between " + MIN_CREDENTIAL_ARN + " and " + MAX_CREDENTIAL_ARN);
    }
    if (!CREDENTIAL_ARN.matcher(arn).matches()) {
      throw EcrError.invalidParameter(
          "credentialArn", "Member must satisfy regular expression pattern: " + CREDENTIAL_ARN);
    }
    String[] parts = arn.split(":", 6);
    if (!parts[3].equals(registry.region()) || !parts[4].equals(registry.accountId())) {
      throw EcrError.clientError(
          "SecretNotFoundException",
          "The secret '"
              + arn
              + "' was not found in the account and region of the registry with id '"
              + registry.accountId()
              + "'");
    }
    return arn;
  }

  private static String customRoleArn(RequestBody body) {
    String arn = body.string("customRoleArn").orElse(null);
    if (arn != null) {
      checkRoleArn("customRoleArn", arn);
    }
    return arn;
  }

  static void checkRoleArn(String member, String arn) {
    if (arn.length() > MAX_CUSTOM_ROLE_ARN) {
      throw EcrError.invalidParameter(
          member, "Member must have length less than or equal to " + MAX_CUSTOM_ROLE_ARN);
    }
    if (!ROLE_ARN.matcher(arn).matches()) {
      throw EcrError.invalidParameter(member, "must be the ARN of an IAM role");
    }
  }

  /**
   * The user guide: ECR Public, Kubernetes and Quay need no authentication; Docker Hub, Azure,
   * GitHub, GitLab and Chainguard need a Secrets Manager secret; an ECR upstream authenticates with
   * an IAM role, needed when the upstream registry is in another account.
   */
  private static void checkCredentials(
      Registry registry, String upstream, String url, String credentialArn, String roleArn) {
    if (NEED_SECRET.contains(upstream) && credentialArn == null) {
      throw EcrError.invalidParameter(
          "credentialArn", "upstream registry " + upstream + " requires a credentialArn");
    }
    if (!NEED_SECRET.contains(upstream) && credentialArn != null) {
      throw EcrError.invalidParameter(
          "credentialArn", "upstream registry " + upstream + " does not take a credentialArn");
    }
    if (!upstream.equals(ECR)) {
      if (roleArn != null) {
        throw EcrError.invalidParameter(
            "customRoleArn", "only an ecr upstream registry takes a customRoleArn");
      }
      return;
    }
    var matcher = ECR_URL.matcher(url);
    boolean otherAccount = matcher.matches() && !matcher.group(1).equals(registry.accountId());
    if (otherAccount && roleArn == null) {
      throw EcrError.invalidParameter(
          "customRoleArn", "an ecr upstream registry in another account requires a customRoleArn");
    }
  }
}
