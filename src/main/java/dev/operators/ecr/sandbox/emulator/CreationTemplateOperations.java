package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Repository creation templates, and the repositories ECR creates from them when an image is pushed
 * to a name that has no repository (create on push).
 */
final class CreationTemplateOperations {
  static final String CREATE_ON_PUSH = "CREATE_ON_PUSH";
  static final Set<String> SCENARIOS = Set.of("REPLICATION", "PULL_THROUGH_CACHE", CREATE_ON_PUSH);
  static final int MIN_PREFIX = 1;
  static final int MAX_PREFIX = 256;
  static final int MAX_DESCRIPTION = 256;
  static final int MAX_KMS_KEY = 2048;

  private static final String DEFAULT_ENCRYPTION = "AES256";
  private static final Set<String> ENCRYPTION_TYPES = Set.of(DEFAULT_ENCRYPTION, "KMS", "KMS_DSSE");
  private static final int MAX_PAGE = 1000;
  private static final Pattern KMS_KEY =
      Pattern.compile("^$|arn:aws[a-z0-9-]*:kms:[a-z0-9-]+:[0-9]{12}:key\\/[a-z0-9-]+");

  private final EcrState state;

  CreationTemplateOperations(EcrState state) {
    this.state = state;
  }

  /** Everything is checked before the template is stored. */
  JsonNode createRepositoryCreationTemplate(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    Instant now = state.now();
    String mutability =
        InputConstraints.oneOf(
            "imageTagMutability",
            body.string("imageTagMutability").orElse(StoredRepository.MUTABLE),
            InputConstraints.IMAGE_TAG_MUTABILITIES);
    Encryption encryption = encryption(body).orElse(new Encryption(DEFAULT_ENCRYPTION, null));
    StoredCreationTemplate template =
        new StoredCreationTemplate(
            prefix,
            emptyAsNull(description(body).orElse(null)),
            encryption.type(),
            encryption.kmsKey(),
            resourceTags(body).orElse(Map.of()),
            mutability,
            InputConstraints.exclusionFilters(mutability, body),
            emptyAsNull(repositoryPolicy(body).orElse(null)),
            emptyAsNull(lifecyclePolicy(body).orElse(null)),
            appliedFor(
                body.strings("appliedFor").orElseThrow(() -> EcrError.missingMember("appliedFor"))),
            emptyAsNull(customRoleArn(registry, body).orElse(null)),
            now,
            now);
    Map<String, StoredCreationTemplate> templates = registry.creationTemplates();
    if (templates.containsKey(template.namespace())) {
      throw EcrError.clientError(
          "TemplateAlreadyExistsException",
          "The repository creation template with prefix '"
              + prefix
              + "' already exists in the registry with id '"
              + registry.accountId()
              + "'");
    }
    templates.put(template.namespace(), template);
    return answer(registry, template);
  }

  /**
   * Named prefixes without a template are left out of the answer (the model gives this operation no
   * not-found error); the answer is paged and ordered by prefix.
   */
  JsonNode describeRepositoryCreationTemplates(Registry registry, RequestBody body) {
    int pageSize = RepositoryOperations.pageSize(body, MAX_PAGE);
    List<StoredCreationTemplate> selected = new ArrayList<>();
    Optional<List<String>> prefixes = body.strings("prefixes");
    if (prefixes.isPresent()) {
      for (String prefix : prefixes.get()) {
        checkPrefix("prefixes", prefix);
        StoredCreationTemplate template =
            registry
                .creationTemplates()
                .get(PullThroughCacheOperations.withoutTrailingSlash(prefix));
        if (template != null && !selected.contains(template)) {
          selected.add(template);
        }
      }
    } else {
      selected.addAll(registry.creationTemplates().values());
    }
    Page<StoredCreationTemplate> page =
        Page.of(
            selected,
            StoredCreationTemplate::prefix,
            body.string("nextToken").orElse(null),
            pageSize,
            "nextToken");
    ObjectNode out = Shapes.object().put("registryId", registry.accountId());
    var list = out.putArray("repositoryCreationTemplates");
    page.items().forEach(t -> list.add(template(t)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  /**
   * The members given replace the template's; members left out keep their values (the API reference
   * does not say otherwise, and every member but the prefix is optional). An empty text or list
   * clears the setting, which the model's minimum lengths of 0 allow.
   */
  JsonNode updateRepositoryCreationTemplate(Registry registry, RequestBody body) {
    String prefix = prefix(body);
    Optional<String> description = description(body);
    Optional<Encryption> encryption = encryption(body);
    Optional<Map<String, String>> tags = resourceTags(body);
    Optional<String> givenMutability =
        body.string("imageTagMutability")
            .map(
                m ->
                    InputConstraints.oneOf(
                        "imageTagMutability", m, InputConstraints.IMAGE_TAG_MUTABILITIES));
    Optional<String> repositoryPolicy = repositoryPolicy(body);
    Optional<String> lifecyclePolicy = lifecyclePolicy(body);
    Optional<List<String>> appliedFor =
        body.strings("appliedFor").map(CreationTemplateOperations::appliedFor);
    Optional<String> role = customRoleArn(registry, body);
    StoredCreationTemplate old = require(registry, prefix);
    String mutability = givenMutability.orElse(old.imageTagMutability());
    List<String> filters =
        givenMutability.isPresent() || body.has("imageTagMutabilityExclusionFilters")
            ? InputConstraints.exclusionFilters(mutability, body)
            : old.exclusionFilters();
    StoredCreationTemplate updated =
        new StoredCreationTemplate(
            old.prefix(),
            description.isPresent() ? emptyAsNull(description.get()) : old.description(),
            encryption.map(Encryption::type).orElse(old.encryptionType()),
            encryption.isPresent() ? encryption.get().kmsKey() : old.kmsKey(),
            tags.orElse(old.resourceTags()),
            mutability,
            filters,
            repositoryPolicy.isPresent()
                ? emptyAsNull(repositoryPolicy.get())
                : old.repositoryPolicy(),
            lifecyclePolicy.isPresent()
                ? emptyAsNull(lifecyclePolicy.get())
                : old.lifecyclePolicy(),
            appliedFor.orElse(old.appliedFor()),
            role.isPresent() ? emptyAsNull(role.get()) : old.customRoleArn(),
            old.createdAt(),
            state.now());
    registry.creationTemplates().put(updated.namespace(), updated);
    return answer(registry, updated);
  }

  JsonNode deleteRepositoryCreationTemplate(Registry registry, RequestBody body) {
    StoredCreationTemplate template = require(registry, prefix(body));
    registry.creationTemplates().remove(template.namespace());
    return answer(registry, template);
  }

  /**
   * The repository a push goes to: the one of that name, or else one created from the template for
   * create on push whose prefix is the longest that matches the name ({@code ROOT} matches every
   * name, {@code a} or {@code a/} matches {@code a/x}). Templates not applied for create on push
   * are not considered. Without such a template, RepositoryNotFoundException as before.
   */
  static StoredRepository repositoryForPush(Registry registry, String name, Instant now) {
    Optional<StoredRepository> existing = registry.find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    StoredCreationTemplate template =
        registry.creationTemplates().values().stream()
            .filter(t -> t.appliedFor().contains(CREATE_ON_PUSH))
            .filter(t -> matches(t, name))
            .max(Comparator.comparingInt(CreationTemplateOperations::specificity))
            .orElseThrow(() -> EcrError.repositoryNotFound(name, registry.accountId()));
    StoredRepository repository =
        registry.create(name, now, template.encryptionType(), template.kmsKey());
    repository.setImageTagMutability(template.imageTagMutability(), template.exclusionFilters());
    repository.tags().putAll(template.resourceTags());
    repository.setLifecyclePolicyText(template.lifecyclePolicy());
    repository.setRepositoryPolicyText(template.repositoryPolicy());
    return repository;
  }

  private static boolean matches(StoredCreationTemplate template, String name) {
    return template.prefix().equals(PullThroughCacheOperations.ROOT)
        || name.startsWith(template.namespace() + "/");
  }

  /** ROOT is the least specific; otherwise the longer prefix. */
  private static int specificity(StoredCreationTemplate template) {
    return template.prefix().equals(PullThroughCacheOperations.ROOT)
        ? -1
        : template.namespace().length();
  }

  private static StoredCreationTemplate require(Registry registry, String prefix) {
    StoredCreationTemplate template =
        registry.creationTemplates().get(PullThroughCacheOperations.withoutTrailingSlash(prefix));
    if (template == null) {
      throw EcrError.clientError(
          "TemplateNotFoundException",
          "The repository creation template with prefix '"
              + prefix
              + "' does not exist in the registry with id '"
              + registry.accountId()
              + "'");
    }
    return template;
  }

  private static JsonNode answer(Registry registry, StoredCreationTemplate template) {
    ObjectNode out = Shapes.object().put("registryId", registry.accountId());
    out.set("repositoryCreationTemplate", template(template));
    return out;
  }

  private static ObjectNode template(StoredCreationTemplate template) {
    ObjectNode out = Shapes.object();
    out.put("prefix", template.prefix());
    PullThroughCacheOperations.putIfSet(out, "description", template.description());
    ObjectNode encryption = out.putObject("encryptionConfiguration");
    encryption.put("encryptionType", template.encryptionType());
    PullThroughCacheOperations.putIfSet(encryption, "kmsKey", template.kmsKey());
    out.set("resourceTags", Shapes.tagList(template.resourceTags()));
    out.put("imageTagMutability", template.imageTagMutability());
    if (!template.exclusionFilters().isEmpty()) {
      var filters = out.putArray("imageTagMutabilityExclusionFilters");
      template
          .exclusionFilters()
          .forEach(f -> filters.addObject().put("filterType", "WILDCARD").put("filter", f));
    }
    PullThroughCacheOperations.putIfSet(out, "repositoryPolicy", template.repositoryPolicy());
    PullThroughCacheOperations.putIfSet(out, "lifecyclePolicy", template.lifecyclePolicy());
    out.set("appliedFor", Shapes.strings(template.appliedFor()));
    PullThroughCacheOperations.putIfSet(out, "customRoleArn", template.customRoleArn());
    out.set("createdAt", Shapes.timestamp(template.createdAt()));
    out.set("updatedAt", Shapes.timestamp(template.updatedAt()));
    return out;
  }

  private static String prefix(RequestBody body) {
    String prefix = body.requiredString("prefix");
    checkPrefix("prefix", prefix);
    return prefix;
  }

  private static void checkPrefix(String member, String prefix) {
    if (prefix.length() < MIN_PREFIX || prefix.length() > MAX_PREFIX) {
      throw EcrError.invalidParameter(
          member, "Member must have length between " + MIN_PREFIX + " and " + MAX_PREFIX);
    }
    if (!PullThroughCacheOperations.PREFIX.matcher(prefix).matches()) {
      throw EcrError.invalidParameter(
          member,
          "Member must satisfy regular expression pattern: "
              + PullThroughCacheOperations.PREFIX.pattern());
    }
  }

  /** Required and not empty; each scenario once, in the order given. */
  private static List<String> appliedFor(List<String> given) {
    if (given.isEmpty()) {
      throw EcrError.invalidParameter("appliedFor", "Member must have at least 1 item");
    }
    given.forEach(s -> InputConstraints.oneOf("appliedFor", s, SCENARIOS));
    return given.stream().distinct().toList();
  }

  private static Optional<String> description(RequestBody body) {
    Optional<String> description = body.string("description");
    description.ifPresent(
        d -> {
          if (d.length() > MAX_DESCRIPTION) {
            throw EcrError.invalidParameter(
                "description", "Member must have length less than or equal to " + MAX_DESCRIPTION);
          }
        });
    return description;
  }

  private record Encryption(String type, String kmsKey) {}

  /** As CreateRepository checks it, with the model's pattern for the key; an empty key is none. */
  private static Optional<Encryption> encryption(RequestBody body) {
    return body.structure("encryptionConfiguration")
        .map(
            configuration -> {
              String type =
                  InputConstraints.oneOf(
                      "encryptionConfiguration.encryptionType",
                      configuration.requiredString("encryptionType"),
                      ENCRYPTION_TYPES);
              String key = emptyAsNull(configuration.string("kmsKey").orElse(null));
              if (key != null && (key.length() > MAX_KMS_KEY || !KMS_KEY.matcher(key).matches())) {
                throw EcrError.invalidParameter(
                    "encryptionConfiguration.kmsKey",
                    "Member must satisfy regular expression pattern: " + KMS_KEY.pattern());
              }
              if (key != null && type.equals(DEFAULT_ENCRYPTION)) {
                throw EcrError.invalidParameter(
                    "encryptionConfiguration.kmsKey",
                    "a KMS key can only be given with KMS encryption");
              }
              return new Encryption(type, key);
            });
  }

  /** Checked as TagResource checks tags, the count included. */
  private static Optional<Map<String, String>> resourceTags(RequestBody body) {
    return body.structures("resourceTags")
        .map(
            list -> {
              Map<String, String> tags = InputConstraints.tags(list);
              InputConstraints.checkTagCount(tags);
              return new LinkedHashMap<>(tags);
            });
  }

  /** Checked and stored as SetRepositoryPolicy does; empty is none. */
  private static Optional<String> repositoryPolicy(RequestBody body) {
    return body.string("repositoryPolicy")
        .map(
            text ->
                text.isEmpty()
                    ? text
                    : PermissionPolicies.checked(
                        text, PermissionPolicies.INVALID_REPOSITORY_POLICY));
  }

  /** Checked and stored as PutLifecyclePolicy does; empty is none. */
  private static Optional<String> lifecyclePolicy(RequestBody body) {
    return body.string("lifecyclePolicy")
        .map(text -> text.isEmpty() ? text : LifecycleOperations.storedPolicyText(text));
  }

  /** The API reference: a role in the registry's own account; empty is none. */
  private static Optional<String> customRoleArn(Registry registry, RequestBody body) {
    return body.string("customRoleArn")
        .map(
            arn -> {
              if (arn.isEmpty()) {
                return arn;
              }
              PullThroughCacheOperations.checkRoleArn("customRoleArn", arn);
              if (!arn.split(":")[4].equals(registry.accountId())) {
                throw EcrError.invalidParameter(
                    "customRoleArn", "the role must be in the registry's own account");
              }
              return arn;
            });
  }

  private static String emptyAsNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
