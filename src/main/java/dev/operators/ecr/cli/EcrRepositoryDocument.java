package dev.operators.ecr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.reconciler.DesiredPolicy;
import dev.operators.ecr.reconciler.DesiredState;
import dev.operators.ecr.reconciler.SpecProblem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an EcrRepository document as the operator would and checks it as the operator does ({@link
 * DesiredState#check}), after refusing what the API server would not store: unknown fields (as
 * kubectl's strict field validation does) and values of the wrong type.
 */
final class EcrRepositoryDocument {
  static final String KIND = HasMetadata.getKind(EcrRepository.class);
  static final String API_VERSION = HasMetadata.getApiVersion(EcrRepository.class);

  // Nothing is coerced: "7" is not a number and 1.5 is not a whole number, as in the schema.
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private EcrRepositoryDocument() {}

  static Resource read(JsonNode document, int number) {
    String name = name(document, number);
    List<String> problems = new ArrayList<>();
    String apiVersion = document.path("apiVersion").asText("");
    if (!apiVersion.equals(API_VERSION)) {
      problems.add("apiVersion: must be " + API_VERSION + "; found \"" + apiVersion + "\"");
    }
    if (!document.path("metadata").path("name").isTextual()) {
      problems.add("metadata.name: is required");
    }
    EcrRepository resource = null;
    try {
      resource = STRICT.treeToValue(document, EcrRepository.class);
    } catch (JsonProcessingException e) {
      problems.add(problem(e));
    }
    if (resource == null || !problems.isEmpty()) {
      return new Resource(KIND, name, target(document), problems, null);
    }
    DesiredState.check(resource).stream().map(SpecProblem::toString).forEach(problems::add);
    LifecyclePolicy policy = problems.isEmpty() ? policy(resource.getSpec()) : null;
    return new Resource(KIND, name, target(document), problems, policy);
  }

  // What the operator sends to ECR, read back: previews then evaluate exactly that text.
  private static LifecyclePolicy policy(EcrRepositorySpec spec) {
    DesiredPolicy desired = spec == null ? null : DesiredState.policy(spec);
    return desired == null ? null : LifecyclePolicy.parse(desired.canonical().ecrJson());
  }

  private static String name(JsonNode document, int number) {
    JsonNode metadata = document.path("metadata");
    if (!metadata.path("name").isTextual()) {
      return "document " + number;
    }
    String namespace = metadata.path("namespace").asText("");
    return (namespace.isEmpty() ? "" : namespace + "/") + metadata.path("name").asText();
  }

  private static String target(JsonNode document) {
    JsonNode spec = document.path("spec");
    String repository =
        spec.path("repositoryName").asText(document.path("metadata").path("name").asText("?"));
    String region = spec.path("region").asText("the operator's region");
    return "repository " + repository + " in " + region;
  }

  private static String problem(JsonProcessingException e) {
    String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
    return (path.isEmpty() ? "document" : path) + ": " + message(e);
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String message(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field; the fields here are " + sorted(unknown.getKnownPropertyIds());
    }
    if (e.getCause() instanceof InputCoercionException) {
      return "is out of range: at most " + Integer.MAX_VALUE + " (ECR stores a 32-bit integer)";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "must be " + expected(mismatch.getTargetType());
    }
    return e.getOriginalMessage();
  }

  private static String expected(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of "
          + Stream.of(type.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
    }
    return "an object";
  }

  private static String sorted(Collection<Object> names) {
    return new TreeSet<>(names.stream().map(Object::toString).toList())
        .stream().collect(Collectors.joining(", "));
  }
}
