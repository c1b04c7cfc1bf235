package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.desired.DesiredPullThroughCacheRule;
import dev.operators.ecr.desired.SpecProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the documents of the registry-level kinds as the operator would: refusing what the API
 * server would not store ({@link StrictDocument}), then checking the spec as the operator does,
 * with paths such as {@code spec.credentialArn}; a valid one renders as the request ECR is sent.
 */
final class SettingDocument {
  static final String PULL_THROUGH_CACHE_RULE = HasMetadata.getKind(EcrPullThroughCacheRule.class);

  private static final ObjectMapper JSON = new ObjectMapper();

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
