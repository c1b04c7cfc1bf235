package dev.operators.ecr.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.aws.SdkEcrPorts;
import dev.operators.ecr.desired.DesiredAccess;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.desired.DesiredRegistry;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredSettings;
import dev.operators.ecr.desired.SpecProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the documents of the registry-level kinds (pull-through cache rules, creation templates,
 * the registry) as the operator would: refusing what the API server would not store ({@link
 * StrictDocument}), then checking the spec as the operator does, with paths such as {@code
 * spec.credentialArn}; a valid one renders as the request ECR is sent.
 */
final class SettingDocument {
  static final String PULL_THROUGH_CACHE_RULE = HasMetadata.getKind(EcrPullThroughCacheRule.class);
  static final String REGISTRY = HasMetadata.getKind(EcrRegistry.class);
  static final String CREATION_TEMPLATE = HasMetadata.getKind(EcrRepositoryCreationTemplate.class);
  static final String ACCESS = HasMetadata.getKind(EcrAccess.class);

  // Only to build what is sent: the request names no region, so which one does not matter.
  private static final DesiredSettings OFFLINE = new DesiredSettings("offline", "us-east-1", false);

  // Fields left null are not sent to ECR, and not shown.
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private SettingDocument() {}

  static Resource pullThroughCacheRule(JsonNode document, int number) {
    return read(
        document,
        number,
        new Kind<>(
            PULL_THROUGH_CACHE_RULE,
            EcrPullThroughCacheRule.class,
            DesiredPullThroughCacheRule::check,
            r ->
                r.getSpec() == null
                    ? null
                    : prefix(r.getSpec().getEcrRepositoryPrefix(), r.getSpec().getRegion()),
            r -> null,
            // CreatePullThroughCacheRule's fields, in the API's names.
            r -> DesiredPullThroughCacheRule.of(r, OFFLINE).rule()));
  }

  static Resource creationTemplate(JsonNode document, int number) {
    return read(
        document,
        number,
        new Kind<>(
            CREATION_TEMPLATE,
            EcrRepositoryCreationTemplate.class,
            DesiredRepositoryCreationTemplate::check,
            r ->
                r.getSpec() == null
                    ? null
                    : prefix(r.getSpec().getPrefix(), r.getSpec().getRegion()),
            r ->
                r.getSpec().getLifecyclePolicyRef() == null
                    ? null
                    : r.getSpec().getLifecyclePolicyRef().getName(),
            // CreateRepositoryCreationTemplate's fields; a shared policy is resolved in the
            // cluster.
            r -> DesiredRepositoryCreationTemplate.withoutSharedPolicy(r, OFFLINE).template()));
  }

  static Resource registry(JsonNode document, int number) {
    return read(
        document,
        number,
        new Kind<>(
            REGISTRY,
            EcrRegistry.class,
            DesiredRegistry::check,
            r ->
                r.getSpec() == null || r.getSpec().getRegion() == null
                    ? "the operator's region"
                    : "registry in " + r.getSpec().getRegion(),
            r -> null,
            SettingDocument::registrySettings));
  }

  static Resource access(JsonNode document, int number) {
    return read(
        document,
        number,
        new Kind<>(
            ACCESS,
            EcrAccess.class,
            DesiredAccess::check,
            r ->
                r.getSpec() == null || r.getSpec().getRoleArn() == null
                    ? null
                    : "role " + r.getSpec().getRoleArn(),
            r -> null,
            // What STS is sent (AssumeRole) each time the role's credentials are renewed.
            SettingDocument::assumeRole));
  }

  private static Map<String, Object> assumeRole(EcrAccess resource) {
    AwsIdentity identity = DesiredAccess.of(resource).identity();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("RoleArn", identity.roleArn());
    request.put("RoleSessionName", SdkEcrPorts.ROLE_SESSION_NAME);
    if (identity.externalId() != null) {
      request.put("ExternalId", identity.externalId());
    }
    if (!identity.sessionTags().isEmpty()) {
      request.put(
          "Tags", identity.sessionTags().entrySet().stream().map(SettingDocument::tag).toList());
    }
    return request;
  }

  // As STS's API writes a tag: Key, then Value.
  private static Map<String, String> tag(Map.Entry<String, String> tag) {
    Map<String, String> written = new LinkedHashMap<>();
    written.put("Key", tag.getKey());
    written.put("Value", tag.getValue());
    return written;
  }

  /**
   * How the commands read one kind.
   *
   * @param check the operator's own check of the spec, offline
   * @param target what the resource manages, for the header
   * @param ref the EcrLifecyclePolicy it uses, or null
   * @param request what ECR is sent for a valid one (its null fields are not sent)
   */
  private record Kind<R extends CustomResource<?, ?>>(
      String name,
      Class<R> type,
      Function<R, List<SpecProblem>> check,
      Function<R, String> target,
      Function<R, String> ref,
      Function<R, Object> request) {}

  private static <R extends CustomResource<?, ?>> Resource read(
      JsonNode document, int number, Kind<R> kind) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    R resource = StrictDocument.read(document, kind.type(), problems);
    if (resource == null) {
      return new Resource(kind.name(), name, null, problems, null, null);
    }
    kind.check().apply(resource).stream().map(SpecProblem::toString).forEach(problems::add);
    String target = kind.target().apply(resource);
    if (!problems.isEmpty()) {
      return new Resource(kind.name(), name, target, problems, null, null);
    }
    return new Resource(
        kind.name(),
        name,
        target,
        problems,
        null,
        kind.ref().apply(resource),
        pretty(kind.request().apply(resource)));
  }

  private static String prefix(String prefix, String region) {
    return prefix == null ? null : "prefix " + prefix + (region == null ? "" : " in " + region);
  }

  // The settings of each managed section, as the operator puts them.
  private static Map<String, Object> registrySettings(EcrRegistry resource) {
    DesiredRegistry desired = DesiredRegistry.of(resource, OFFLINE);
    Map<String, Object> request = new LinkedHashMap<>();
    putObject(request, "replicationRules", desired.replication());
    putObject(request, "scanning", desired.scanning());
    putObject(request, "policyText", desired.policy() == null ? null : desired.policy().text());
    putObject(request, "signingRules", desired.signing());
    putObject(request, "pullTimeUpdateExclusions", desired.exclusions());
    return request;
  }

  private static void putObject(Map<String, Object> request, String field, Object value) {
    if (value != null) {
      request.put(field, value);
    }
  }

  // Cluster-scoped: the name alone.
  private static String name(JsonNode document, int number) {
    JsonNode metadata = document.path("metadata");
    return metadata.path("name").isTextual()
        ? metadata.path("name").asText()
        : "document " + number;
  }

  private static String pretty(Object request) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the model always serializes", e);
    }
  }
}
