package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a command was given: a bare lifecycle policy, or Kubernetes resources, one per YAML
 * document. Each kind the commands know has a reader in {@link #KINDS}; documents of other kinds
 * are skipped with a note. References to EcrLifecyclePolicies are resolved within the file.
 */
final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // As kubectl: a key repeated in one YAML mapping is an error, not "the last one wins".
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Reads one document of a known kind; {@code number} counts documents from 1. */
  private interface Reader {
    Resource read(JsonNode document, int number);
  }

  // A new kind is one more reader here; in the order notes list them.
  private static final Map<String, Reader> KINDS = kinds();

  private final PolicyDocument policy;
  private final List<Item> items;

  private Manifest(PolicyDocument policy, List<Item> items) {
    this.policy = policy;
    this.items = List.copyOf(items);
  }

  static Manifest read(String text, String source) throws UnusableInputException {
    boolean json = text.strip().startsWith("{");
    List<JsonNode> documents = json ? List.of(json(text, source)) : yaml(text, source);
    if (documents.size() == 1 && PolicyDocument.isPolicy(documents.get(0), json)) {
      return new Manifest(new PolicyDocument(text, documents.get(0), json), List.of());
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue; // an empty document, such as after a trailing ---
      }
      Reader reader = KINDS.get(document.path("kind").asText(""));
      items.add(reader == null ? skipped(document, i + 1) : reader.read(document, i + 1));
    }
    return new Manifest(null, resolved(items));
  }

  /**
   * The kinds the commands read, for messages: {@code EcrRepository, EcrLifecyclePolicy or
   * EcrPullThroughCacheRule}.
   */
  static String knownKinds() {
    List<String> kinds = List.copyOf(KINDS.keySet());
    return String.join(", ", kinds.subList(0, kinds.size() - 1))
        + " or "
        + kinds.get(kinds.size() - 1);
  }

  /** The bare policy the input is, or null when it holds resources. */
  PolicyDocument policy() {
    return policy;
  }

  List<Item> items() {
    return items;
  }

  List<Resource> resources() {
    return resources(items);
  }

  List<Resource> resources(String kind) {
    return resources().stream().filter(r -> r.is(kind)).toList();
  }

  /** The EcrLifecyclePolicy of this file with that name, valid or not. */
  Optional<Resource> lifecyclePolicy(String name) {
    return resources(EcrLifecyclePolicyDocument.KIND).stream()
        .filter(r -> r.name().equals(name))
        .findFirst();
  }

  private static Map<String, Reader> kinds() {
    Map<String, Reader> kinds = new LinkedHashMap<>();
    kinds.put(EcrRepositoryDocument.KIND, EcrRepositoryDocument::read);
    kinds.put(EcrLifecyclePolicyDocument.KIND, EcrLifecyclePolicyDocument::read);
    kinds.put(SettingDocument.PULL_THROUGH_CACHE_RULE, SettingDocument::pullThroughCacheRule);
    kinds.put(SettingDocument.CREATION_TEMPLATE, SettingDocument::creationTemplate);
    kinds.put(SettingDocument.REGISTRY, SettingDocument::registry);
    kinds.put(SettingDocument.ACCESS, SettingDocument::access);
    return Collections.unmodifiableMap(kinds);
  }

  private static List<Resource> resources(List<Item> items) {
    return items.stream().filter(Resource.class::isInstance).map(Resource.class::cast).toList();
  }

  // The file is taken as what the cluster would hold: an EcrRepository uses the EcrLifecyclePolicy
  // its lifecyclePolicyRef names or, when it declares no policy, the default one, as the operator
  // resolves them; policies the operator could not tell apart are problems.
  private static List<Item> resolved(List<Item> items) {
    List<Resource> policies =
        resources(items).stream().filter(r -> r.is(EcrLifecyclePolicyDocument.KIND)).toList();
    Map<String, Long> names =
        policies.stream().collect(Collectors.groupingBy(Resource::name, Collectors.counting()));
    List<String> defaults =
        policies.stream().filter(Manifest::isDefault).map(Resource::name).distinct().toList();
    List<Item> checked =
        items.stream()
            .map(
                item ->
                    item instanceof Resource policy && policy.is(EcrLifecyclePolicyDocument.KIND)
                        ? checked(policy, names.get(policy.name()) > 1, defaults)
                        : item)
            .toList();
    Map<String, Resource> byName = new HashMap<>();
    resources(checked).stream()
        .filter(r -> r.is(EcrLifecyclePolicyDocument.KIND))
        .forEach(r -> byName.putIfAbsent(r.name(), r));
    String fileDefault = defaults.size() == 1 ? defaults.get(0) : null;
    return checked.stream()
        .map(
            item ->
                item instanceof Resource repository && repository.is(EcrRepositoryDocument.KIND)
                    ? resolved(repository, byName, fileDefault)
                    : item)
        .toList();
  }

  private static Resource resolved(
      Resource repository, Map<String, Resource> policies, String fileDefault) {
    String ref = repository.ref();
    if (ref == null && repository.policy() == null) {
      ref = fileDefault;
    }
    if (!repository.isValid() || ref == null) {
      return repository;
    }
    Resource shared = policies.get(ref);
    return repository.using(ref, shared == null ? null : shared.policy());
  }

  private static Resource checked(Resource policy, boolean sameName, List<String> defaults) {
    if (sameName) {
      policy =
          policy.withProblem(
              "metadata.name: another EcrLifecyclePolicy in this file has the same name; rename"
                  + " one");
    }
    String name = policy.name();
    if (isDefault(policy) && defaults.size() > 1) {
      List<String> others = defaults.stream().filter(n -> !n.equals(name)).toList();
      policy =
          policy.withProblem(
              "metadata.annotations["
                  + EcrLifecyclePolicy.DEFAULT_ANNOTATION
                  + "]: also set on "
                  + String.join(", ", others)
                  + " in this file; no default applies while several policies are the default:"
                  + " keep it on one");
    }
    return policy;
  }

  private static boolean isDefault(Resource policy) {
    return EcrLifecyclePolicyDocument.DEFAULT.equals(policy.target());
  }

  private static Skipped skipped(JsonNode document, int number) {
    String kind = document.path("kind").asText("");
    String known = knownKinds();
    return new Skipped(
        "document "
            + number
            + " skipped: "
            + (kind.isEmpty() ? "it has no kind" : "kind " + kind + " is not " + known));
  }

  // JSON is parsed leniently: a policy's repeated keys are reported by the policy validator.
  private static JsonNode json(String text, String source) throws UnusableInputException {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw unusable(source, "JSON", e);
    }
  }

  private static List<JsonNode> yaml(String text, String source) throws UnusableInputException {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(text)) {
      return documents.readAll();
    } catch (JsonProcessingException e) {
      throw unusable(source, "YAML", e);
    } catch (IOException e) {
      throw new IllegalStateException("reading from a String cannot fail", e);
    }
  }

  private static UnusableInputException unusable(
      String source, String format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new UnusableInputException(
        InputText.name(source) + " is not valid " + format + where + ": " + e.getOriginalMessage());
  }
}
