package dev.operators.ecr.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An ECR repository creation template: the settings ECR gives the repositories it creates itself
 * (for replication, a pull-through cache or a push to a missing repository) under a prefix.
 * Cluster-scoped, since a prefix is registry-wide.
 */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecrrct")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Prefix",
    jsonPath = ".spec.prefix",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Applied-For",
    jsonPath = ".spec.appliedFor",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Policy",
    jsonPath = ".status.lifecyclePolicy.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// At the root rather than on spec, so that an object created without any spec is covered too.
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.region)) == (has(oldSelf.spec) && has(oldSelf.spec.region))",
    message =
        "spec.region cannot be added or removed after creation (a template stays in the registry"
            + " it was created in); restore the field as it was, or create a new"
            + " EcrRepositoryCreationTemplate")
public class EcrRepositoryCreationTemplate
    extends CustomResource<EcrRepositoryCreationTemplateSpec, EcrRepositoryCreationTemplateStatus> {

  @Override
  protected EcrRepositoryCreationTemplateSpec initSpec() {
    return new EcrRepositoryCreationTemplateSpec();
  }

  @Override
  protected EcrRepositoryCreationTemplateStatus initStatus() {
    return new EcrRepositoryCreationTemplateStatus();
  }
}
