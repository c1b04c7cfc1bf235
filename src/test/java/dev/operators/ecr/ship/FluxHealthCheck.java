package dev.operators.ecr.ship;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flux Kustomization's {@code healthCheckExprs} for one kind, evaluated as kustomize-controller
 * evaluates them: a transcription of fluxcd/pkg {@code runtime/cel/status_evaluator.go} (RFC 0009),
 * with cel-java in place of cel-go. The object's top-level fields are the CEL variables.
 */
final class FluxHealthCheck {
  enum Status {
    IN_PROGRESS,
    FAILED,
    CURRENT,
    /** The evaluation failed (a field the expression reads is absent): Flux keeps waiting. */
    ERROR
  }

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("apiVersion", SimpleType.DYN)
          .addVar("kind", SimpleType.DYN)
          .addVar("metadata", SimpleType.DYN)
          .addVar("spec", SimpleType.DYN)
          .addVar("status", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final CelRuntime.Program inProgress;
  private final CelRuntime.Program failed;
  private final CelRuntime.Program current;

  FluxHealthCheck(String inProgress, String failed, String current) {
    this.inProgress = program(inProgress);
    this.failed = program(failed);
    this.current = program(current);
    if (this.current == null) {
      throw new IllegalArgumentException("expression Current not specified");
    }
  }

  /** The entry of {@code healthCheckExprs} for that kind. */
  static FluxHealthCheck of(JsonNode kustomization, String apiVersion, String kind) {
    for (JsonNode check : kustomization.at("/spec/healthCheckExprs")) {
      if (apiVersion.equals(check.path("apiVersion").asText())
          && kind.equals(check.path("kind").asText())) {
        return new FluxHealthCheck(
            check.path("inProgress").asText(""),
            check.path("failed").asText(""),
            check.path("current").asText(""));
      }
    }
    throw new AssertionError("no healthCheckExprs for " + apiVersion + " " + kind);
  }

  /**
   * StatusEvaluator.Evaluate: a status.observedGeneration that differs from metadata.generation is
   * InProgress; then InProgress, Failed and Current in that order, the first true one wins; none
   * true is InProgress.
   */
  Status evaluate(JsonNode object) {
    JsonNode observed = object.at("/status/observedGeneration");
    JsonNode generation = object.at("/metadata/generation");
    if (observed.isIntegralNumber()
        && generation.isIntegralNumber()
        && observed.asLong() != generation.asLong()) {
      return Status.IN_PROGRESS;
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    object
        .fields()
        .forEachRemaining(
            f -> {
              if (!f.getValue().isNull()) {
                variables.put(f.getKey(), value(f.getValue()));
              }
            });
    List<Map.Entry<Status, CelRuntime.Program>> order = new ArrayList<>();
    if (inProgress != null) {
      order.add(Map.entry(Status.IN_PROGRESS, inProgress));
    }
    if (failed != null) {
      order.add(Map.entry(Status.FAILED, failed));
    }
    order.add(Map.entry(Status.CURRENT, current));
    for (Map.Entry<Status, CelRuntime.Program> e : order) {
      Object result;
      try {
        result = e.getValue().eval(variables);
      } catch (CelEvaluationException ex) {
        return Status.ERROR;
      }
      // Expression.EvaluateBoolean: anything but a bool is an error. For an absent top-level
      // field cel-go raises "no such attribute"; cel-java returns a value that is not a bool.
      if (!(result instanceof Boolean)) {
        return Status.ERROR;
      }
      if ((Boolean) result) {
        return e.getKey();
      }
    }
    return Status.IN_PROGRESS;
  }

  private static CelRuntime.Program program(String expression) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    try {
      return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException("CEL expression does not compile: " + expression, e);
    }
  }

  /** JSON as CEL sees unstructured Kubernetes objects: maps, lists, int64, double, strings. */
  private static Object value(JsonNode json) {
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        if (!field.getValue().isNull()) {
          map.put(field.getKey(), value(field.getValue()));
        }
      }
      return map;
    }
    if (json.isArray()) {
      List<Object> list = new ArrayList<>();
      json.forEach(item -> list.add(value(item)));
      return list;
    }
    if (json.isIntegralNumber()) {
      return json.asLong();
    }
    if (json.isNumber()) {
      return json.asDouble();
    }
    if (json.isBoolean()) {
      return json.asBoolean();
    }
    return json.asText();
  }
}
