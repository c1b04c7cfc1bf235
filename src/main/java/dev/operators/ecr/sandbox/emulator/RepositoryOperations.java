package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations on repositories, their settings, repository policies and tags. */
final class RepositoryOperations {
  private static final String DEFAULT_ENCRYPTION = "AES256";
  private static final Set<String> ENCRYPTION_TYPES = Set.of("AES256", "KMS", "KMS_DSSE");
  private static final int MAX_NAMES_PER_DESCRIBE = 100;
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;

  private final EcrState state;

  RepositoryOperations(EcrState state) {
    this.state = state;
  }

  /** Validates everything before creating, so a bad tag leaves no repository (ECR rolls back). */
  JsonNode createRepository(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    Map<String, String> tags = InputConstraints.tags(body.structures("tags").orElse(List.of()));
    InputConstraints.checkTagCount(tags);
    String mutability =
        InputConstraints.oneOf(
            "imageTagMutability",
            body.string("imageTagMutability").orElse(StoredRepository.MUTABLE),
            InputConstraints.IMAGE_TAG_MUTABILITIES);
    List<String> filters = InputConstraints.exclusionFilters(mutability, body);
    boolean scanOnPush =
        body.structure("imageScanningConfiguration")
            .map(c -> c.bool("scanOnPush", false))
            .orElse(false);
    String encryptionType = DEFAULT_ENCRYPTION;
    String kmsKey = null;
    var encryption = body.structure("encryptionConfiguration");
    if (encryption.isPresent()) {
      encryptionType =
          InputConstraints.oneOf(
              "encryptionConfiguration.encryptionType",
              encryption.get().requiredString("encryptionType"),
              ENCRYPTION_TYPES);
      kmsKey = encryption.get().string("kmsKey").orElse(null);
      if (kmsKey != null && encryptionType.equals(DEFAULT_ENCRYPTION)) {
        throw EcrError.invalidParameter(
            "encryptionConfiguration.kmsKey", "a KMS key can only be given with KMS encryption");
      }
    }
    StoredRepository repository = registry.create(name, state.now(), encryptionType, kmsKey);
    repository.tags().putAll(tags);
    repository.setImageTagMutability(mutability, filters);
    repository.setScanOnPush(scanOnPush);
    ObjectNode out = Shapes.object();
    out.set("repository", Shapes.repository(repository));
    return out;
  }

  JsonNode describeRepositories(Registry registry, RequestBody body) {
    ObjectNode out = Shapes.object();
    ArrayNode repositories = out.putArray("repositories");
    var names = body.strings("repositoryNames");
    if (names.isPresent()) {
      if (body.has("maxResults") || body.has("nextToken")) {
        throw EcrError.invalidParameter(
            "repositoryNames", "cannot be used together with maxResults or nextToken");
      }
      InputConstraints.checkItemCount(
          "repositoryNames", names.get().size(), MAX_NAMES_PER_DESCRIBE);
      // ECR fails the whole call when any one name is missing.
      for (String name : names.get()) {
        InputConstraints.checkRepositoryName(name);
        repositories.add(Shapes.repository(registry.require(name)));
      }
      return out;
    }
    Page<StoredRepository> page =
        Page.of(
            new ArrayList<>(registry.repositories()),
            StoredRepository::name,
            body.string("nextToken").orElse(null),
            pageSize(body, MAX_PAGE),
            "nextToken");
    page.items().forEach(r -> repositories.add(Shapes.repository(r)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }

  static int pageSize(RequestBody body, int max) {
    int size = body.integer("maxResults").orElse(Math.min(DEFAULT_PAGE, max));
    if (size < 1 || size > max) {
      throw EcrError.invalidParameter("maxResults", "Member must be between 1 and " + max);
    }
    return size;
  }

  JsonNode deleteRepository(Registry registry, RequestBody body) {
    boolean force = body.bool("force", false);
    StoredRepository repository = registry.require(InputConstraints.repositoryName(body));
    if (!repository.images().isEmpty() && !force) {
      throw EcrError.repositoryNotEmpty(repository.name(), registry.accountId());
    }
    registry.remove(repository.name());
    ObjectNode out = Shapes.object();
    out.set("repository", Shapes.repository(repository));
    return out;
  }

  JsonNode putImageTagMutability(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String mutability =
        InputConstraints.oneOf(
            "imageTagMutability",
            body.requiredString("imageTagMutability"),
            InputConstraints.IMAGE_TAG_MUTABILITIES);
    List<String> filters = InputConstraints.exclusionFilters(mutability, body);
    StoredRepository repository = registry.require(name);
    repository.setImageTagMutability(mutability, filters);
    ObjectNode out = Shapes.repositoryResult(repository);
    out.put("imageTagMutability", repository.imageTagMutability());
    if (!repository.exclusionFilters().isEmpty()) {
      out.set("imageTagMutabilityExclusionFilters", Shapes.exclusionFilters(repository));
    }
    return out;
  }

  JsonNode putImageScanningConfiguration(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    boolean scanOnPush =
        body.requiredStructure("imageScanningConfiguration").bool("scanOnPush", false);
    StoredRepository repository = registry.require(name);
    repository.setScanOnPush(scanOnPush);
    ObjectNode out = Shapes.repositoryResult(repository);
    out.set("imageScanningConfiguration", Shapes.scanningConfiguration(repository));
    return out;
  }

  /**
   * Stores the policy in ECR's own layout, which is what Get, Set and Delete return, not the text
   * as sent; ECR refuses a policy that {@link PermissionPolicies#parse} does not accept. ECR's
   * lock-out protection ({@code force}) is not modelled: every acceptable policy may be set.
   */
  JsonNode setRepositoryPolicy(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String text =
        PermissionPolicies.checked(
            body.requiredString("policyText"), PermissionPolicies.INVALID_REPOSITORY_POLICY);
    StoredRepository repository = registry.require(name);
    repository.setRepositoryPolicyText(text);
    return Shapes.repositoryResult(repository).put("policyText", text);
  }

  JsonNode getRepositoryPolicy(Registry registry, RequestBody body) {
    StoredRepository repository = registry.require(InputConstraints.repositoryName(body));
    String text = requireRepositoryPolicy(registry, repository);
    return Shapes.repositoryResult(repository).put("policyText", text);
  }

  JsonNode deleteRepositoryPolicy(Registry registry, RequestBody body) {
    StoredRepository repository = registry.require(InputConstraints.repositoryName(body));
    String text = requireRepositoryPolicy(registry, repository);
    repository.setRepositoryPolicyText(null);
    return Shapes.repositoryResult(repository).put("policyText", text);
  }

  private static String requireRepositoryPolicy(Registry registry, StoredRepository repository) {
    return repository
        .repositoryPolicyText()
        .orElseThrow(
            () -> EcrError.repositoryPolicyNotFound(repository.name(), registry.accountId()));
  }

  /** Tags are all-or-nothing: a request that would break a limit changes nothing. */
  JsonNode tagResource(Registry registry, RequestBody body) {
    StoredRepository repository = byArn(registry, body);
    Map<String, String> added =
        InputConstraints.tags(
            body.structures("tags").orElseThrow(() -> EcrError.missingMember("tags")));
    Map<String, String> merged = new LinkedHashMap<>(repository.tags());
    merged.putAll(added);
    InputConstraints.checkTagCount(merged);
    repository.tags().putAll(added);
    return Shapes.object();
  }

  JsonNode untagResource(Registry registry, RequestBody body) {
    StoredRepository repository = byArn(registry, body);
    List<String> keys =
        body.strings("tagKeys").orElseThrow(() -> EcrError.missingMember("tagKeys"));
    keys.forEach(InputConstraints::checkTagKey);
    keys.forEach(repository.tags()::remove);
    return Shapes.object();
  }

  JsonNode listTagsForResource(Registry registry, RequestBody body) {
    StoredRepository repository = byArn(registry, body);
    ObjectNode out = Shapes.object();
    out.set("tags", Shapes.tagList(repository.tags()));
    return out;
  }

  /**
   * The repository a {@code resourceArn} names. [INFERRED] An ARN of another region or account than
   * the request's is reported as invalid, like a malformed one.
   */
  private static StoredRepository byArn(Registry registry, RequestBody body) {
    String arn = body.requiredString("resourceArn");
    String name =
        arn.startsWith(registry.arnPrefix()) ? arn.substring(registry.arnPrefix().length()) : "";
    if (!InputConstraints.isRepositoryName(name)) {
      throw EcrError.invalidParameter("resourceArn", "Invalid ARN");
    }
    return registry.require(name);
  }
}
