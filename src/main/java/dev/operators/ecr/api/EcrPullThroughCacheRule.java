package dev.operators.ecr.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An ECR pull-through cache rule: images pulled through a repository prefix come from an upstream
 * registry and are cached in ECR. Cluster-scoped, since a prefix is registry-wide.
 */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecrptc")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Prefix",
    jsonPath = ".spec.ecrRepositoryPrefix",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Upstream",
    jsonPath = ".spec.upstreamRegistryUrl",
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
    name = "Reachable",
    jsonPath = ".status.upstream.valid",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// At the root rather than on spec, so that an object created without any spec is covered too.
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.upstreamRegistry))"
            + " == (has(oldSelf.spec) && has(oldSelf.spec.upstreamRegistry))",
    message =
        "spec.upstreamRegistry cannot be added or removed after creation (ECR cannot change a"
            + " rule's upstream); restore the field as it was, or create a new"
            + " EcrPullThroughCacheRule")
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.upstreamRepositoryPrefix))"
            + " == (has(oldSelf.spec) && has(oldSelf.spec.upstreamRepositoryPrefix))",
    message =
        "spec.upstreamRepositoryPrefix cannot be added or removed after creation (ECR cannot"
            + " change a rule's upstream); restore the field as it was, or create a new"
            + " EcrPullThroughCacheRule")
@ValidationRule(
    value =
        "(has(self.spec) && has(self.spec.region)) == (has(oldSelf.spec) && has(oldSelf.spec.region))",
    message =
        "spec.region cannot be added or removed after creation (a rule stays in the registry it"
            + " was created in); restore the field as it was, or create a new"
            + " EcrPullThroughCacheRule")
public class EcrPullThroughCacheRule
    extends CustomResource<EcrPullThroughCacheRuleSpec, EcrPullThroughCacheRuleStatus> {

  @Override
  protected EcrPullThroughCacheRuleSpec initSpec() {
    return new EcrPullThroughCacheRuleSpec();
  }

  @Override
  protected EcrPullThroughCacheRuleStatus initStatus() {
    return new EcrPullThroughCacheRuleStatus();
  }
}
