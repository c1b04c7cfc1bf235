package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;

import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateSpec;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** EcrRepositoryCreationTemplates in operator tests: resources, waits, and the template in ECR. */
final class Templates {
  static final String CRD = "ecrrepositorycreationtemplates.ecr.operators.dev-v1.yml";

  // Events about cluster-scoped resources are recorded in this namespace.
  private static final String EVENTS_NAMESPACE = "default";

  private final OperatorEnvironment env;

  private Templates(OperatorEnvironment env) {
    this.env = env;
  }

  /**
   * For the environment's API, with the kind's CRD registered so that its status is a subresource
   * (the local API registers the repository kinds only).
   */
  static Templates in(OperatorEnvironment env) {
    KubeFixtures.registerGeneratedCrd(env.client, CRD);
    return new Templates(env);
  }

  /** A template named {@code name} for {@code prefix}, applied for create on push. */
  static EcrRepositoryCreationTemplate template(
      String name, String prefix, Consumer<EcrRepositoryCreationTemplateSpec> settings) {
    EcrRepositoryCreationTemplateSpec spec = new EcrRepositoryCreationTemplateSpec();
    spec.setPrefix(prefix);
    spec.setAppliedFor(List.of("CREATE_ON_PUSH"));
    settings.accept(spec);
    EcrRepositoryCreationTemplate template = new EcrRepositoryCreationTemplate();
    template.setMetadata(new ObjectMetaBuilder().withName(name).build());
    template.setSpec(spec);
    return template;
  }

  void create(EcrRepositoryCreationTemplate template) {
    env.client.resource(template).create();
  }

  Resource<EcrRepositoryCreationTemplate> resource(String name) {
    return env.client.resources(EcrRepositoryCreationTemplate.class).withName(name);
  }

  /** Waits until the resource satisfies {@code condition}; returns it as it then was. */
  EcrRepositoryCreationTemplate await(
      String name, Predicate<EcrRepositoryCreationTemplate> condition) {
    EcrRepositoryCreationTemplate[] seen = new EcrRepositoryCreationTemplate[1];
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              seen[0] = resource(name).get();
              return seen[0] != null && condition.test(seen[0]);
            });
    return seen[0];
  }

  EcrRepositoryCreationTemplate awaitReady(String name) {
    return await(name, t -> isCondition(t, Conditions.READY, "True", null));
  }

  void awaitGone(String name) {
    Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> resource(name).get() == null);
  }

  /** The condition has that status (and reason, unless null) at the current generation. */
  static boolean isCondition(
      EcrRepositoryCreationTemplate t, String type, String status, String reason) {
    return t.getStatus() != null
        && OperatorEnvironment.isCondition(
            t.getMetadata().getGeneration(),
            t.getStatus().getObservedGeneration(),
            t.getStatus().getConditions(),
            type,
            status,
            reason);
  }

  static Condition condition(EcrRepositoryCreationTemplate t, String type) {
    return Conditions.find(t.getStatus().getConditions(), type);
  }

  /** The template ECR holds for {@code prefix}, read through the real port. */
  Optional<RepositoryCreationTemplate> inEcr(String prefix) {
    return env.port.describeRepositoryCreationTemplate(REGION, prefix);
  }

  /** The reasons of the Events about the resource. */
  List<String> eventReasons(String name) {
    return env.client.v1().events().inNamespace(EVENTS_NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "EcrRepositoryCreationTemplate".equals(e.getInvolvedObject().getKind()))
        .map(Event::getReason)
        .toList();
  }
}
