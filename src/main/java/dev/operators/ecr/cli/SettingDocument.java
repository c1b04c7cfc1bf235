package dev.operators.ecr.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.desired.DesiredRegistry;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredSettings;
import dev.operators.ecr.desired.SpecProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  // Only to build what is sent: the request names no region, so which one does not matter.
  private static final DesiredSettings OFFLINE = new DesiredSettings("offline", "us-east-1", false);

  // Fields left null are not sent to ECR, and not shown.
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private SettingDocument() {}

  static Resource pullThroughCacheRule(JsonNode document, int number) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    EcrPullThroughCacheRule resource =
        StrictDocument.read(document, EcrPullThroughCacheRule.class, problems);
    if (resource == null) {
      return new Resource(PULL_THROUGH_CACHE_RULE, name, null, problems, null, null);
    }
    DesiredPullThroughCacheRule.check(resource).stream()
        .map(SpecProblem::toString)
        .forEach(problems::add);
    var spec = resource.getSpec();
    String target =
        spec == null || spec.getEcrRepositoryPrefix() == null
            ? null
            : "prefix "
                + spec.getEcrRepositoryPrefix()
                + (spec.getRegion() == null ? "" : " in " + spec.getRegion());
    if (!problems.isEmpty()) {
      return new Resource(PULL_THROUGH_CACHE_RULE, name, target, problems, null, null);
    }
    // CreatePullThroughCacheRule's fields, in the API's names.
    Map<String, String> request = new LinkedHashMap<>();
    put(request, "ecrRepositoryPrefix", spec.getEcrRepositoryPrefix());
    put(request, "upstreamRegistryUrl", spec.getUpstreamRegistryUrl());
    put(request, "upstreamRegistry", spec.getUpstreamRegistry());
    put(request, "upstreamRepositoryPrefix", spec.getUpstreamRepositoryPrefix());
    put(request, "credentialArn", spec.getCredentialArn());
    put(request, "customRoleArn", spec.getCustomRoleArn());
    return new Resource(
        PULL_THROUGH_CACHE_RULE, name, target, problems, null, null, pretty(request));
  }

  private static void put(Map<String, String> request, String field, String value) {
    if (value != null) {
      request.put(field, value);
    }
  }

  static Resource registry(JsonNode document, int number) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    EcrRegistry resource = StrictDocument.read(document, EcrRegistry.class, problems);
    if (resource == null) {
      return new Resource(REGISTRY, name, null, problems, null, null);
    }
    DesiredRegistry.check(resource).stream().map(SpecProblem::toString).forEach(problems::add);
    String region = resource.getSpec() == null ? null : resource.getSpec().getRegion();
    String target = region == null ? "the operator's region" : "registry in " + region;
    if (!problems.isEmpty()) {
      return new Resource(REGISTRY, name, target, problems, null, null);
    }
    // The settings of each managed section, as the operator puts them.
    DesiredRegistry desired = DesiredRegistry.of(resource, OFFLINE);
    Map<String, Object> request = new LinkedHashMap<>();
    putObject(request, "replicationRules", desired.replication());
    putObject(request, "scanning", desired.scanning());
    putObject(request, "policyText", desired.policy() == null ? null : desired.policy().text());
    putObject(request, "signingRules", desired.signing());
    putObject(request, "pullTimeUpdateExclusions", desired.exclusions());
    return new Resource(REGISTRY, name, target, problems, null, null, pretty(request));
  }

  static Resource creationTemplate(JsonNode document, int number) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    EcrRepositoryCreationTemplate resource =
        StrictDocument.read(document, EcrRepositoryCreationTemplate.class, problems);
    if (resource == null) {
      return new Resource(CREATION_TEMPLATE, name, null, problems, null, null);
    }
    DesiredRepositoryCreationTemplate.check(resource).stream()
        .map(SpecProblem::toString)
        .forEach(problems::add);
    var spec = resource.getSpec();
    String target =
        spec == null || spec.getPrefix() == null
            ? null
            : "prefix "
                + spec.getPrefix()
                + (spec.getRegion() == null ? "" : " in " + spec.getRegion());
    if (!problems.isEmpty()) {
      return new Resource(CREATION_TEMPLATE, name, target, problems, null, null);
    }
    // What CreateRepositoryCreationTemplate is sent; a shared policy is resolved in the cluster.
    var template = DesiredRepositoryCreationTemplate.withoutSharedPolicy(resource, OFFLINE);
    String ref =
        spec.getLifecyclePolicyRef() == null ? null : spec.getLifecyclePolicyRef().getName();
    return new Resource(
        CREATION_TEMPLATE, name, target, problems, null, ref, pretty(template.template()));
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
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }
}
