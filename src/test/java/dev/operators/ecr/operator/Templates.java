package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;

import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateSpec;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** EcrRepositoryCreationTemplates in operator tests: resources, waits, and the template in ECR. */
final class Templates {

  private final OperatorEnvironment env;

  private Templates(OperatorEnvironment env) {
    this.env = env;
  }

  /** For the environment's API (which registers every CRD of the operator). */
  static Templates in(OperatorEnvironment env) {
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
    return SettingResources.await(env.client, EcrRepositoryCreationTemplate.class, name, condition);
  }

  EcrRepositoryCreationTemplate awaitReady(String name) {
    return await(name, SettingResources::isReady);
  }

  void awaitGone(String name) {
    SettingResources.awaitGone(env.client, EcrRepositoryCreationTemplate.class, name);
  }

  /** The template ECR holds for {@code prefix}, read through the real port. */
  Optional<RepositoryCreationTemplate> inEcr(String prefix) {
    return env.port.describeRepositoryCreationTemplate(REGION, prefix);
  }

  /** The reasons of the Events about the resource. */
  List<String> eventReasons(String name) {
    return SettingResources.events(env.client, name).stream()
        .filter(e -> "EcrRepositoryCreationTemplate".equals(e.getInvolvedObject().getKind()))
        .map(Event::getReason)
        .toList();
  }
}
