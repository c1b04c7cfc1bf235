package dev.operators.ecr.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An Amazon ECR repository, its settings and its lifecycle (retention) policy. */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecrrepo")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Repository",
    jsonPath = ".status.repositoryName",
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
    name = "URI",
    jsonPath = ".status.repositoryUri",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// At the root rather than on spec, so that an object created without any spec is covered too.
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.repositoryName))"
            + " == (has(oldSelf.spec) && has(oldSelf.spec.repositoryName))",
    message =
        "spec.repositoryName cannot be added or removed after creation (the repository keeps the"
            + " name it was created with); restore the field as it was, or create a new"
            + " EcrRepository")
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.region)) == (has(oldSelf.spec) && has(oldSelf.spec.region))",
    message =
        "spec.region cannot be added or removed after creation (the repository stays where it was"
            + " created); restore the field as it was, or create a new EcrRepository")
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.encryption))"
            + " == (has(oldSelf.spec) && has(oldSelf.spec.encryption))",
    message =
        "spec.encryption cannot be added or removed after creation (ECR sets a repository's"
            + " encryption when it creates it); restore the field as it was, or create a new"
            + " EcrRepository")
public class EcrRepository extends CustomResource<EcrRepositorySpec, EcrRepositoryStatus>
    implements Namespaced {

  public static final String GROUP = "ecr.operators.dev";
  public static final String VERSION = "v1alpha1";

  /**
   * The shard label: an operator instance run with {@code --watch-label-selector
   * ecr.operators.dev/shard=NAME} takes the EcrRepositories labelled with that NAME, and the
   * default instance ({@code '!ecr.operators.dev/shard'}) those without it (docs/design.md,
   * "Shards").
   */
  public static final String SHARD_LABEL = GROUP + "/shard";

  @Override
  protected EcrRepositorySpec initSpec() {
    return new EcrRepositorySpec();
  }

  @Override
  protected EcrRepositoryStatus initStatus() {
    return new EcrRepositoryStatus();
  }
}
