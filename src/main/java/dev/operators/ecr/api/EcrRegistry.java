package dev.operators.ecr.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The settings of an account's private registry in one region: replication, scanning, the registry
 * permission policy, managed signing and pull-time update exclusions, each managed only when
 * declared. Cluster-scoped, one per region.
 */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecrreg")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".status.region",
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
    name = "Replication",
    jsonPath = ".status.replicationRules",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Scan-Type",
    jsonPath = ".status.scanType",
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
        "spec.region cannot be added or removed after creation (an EcrRegistry manages the"
            + " registry of one region); restore the field as it was, or create a new EcrRegistry")
public class EcrRegistry extends CustomResource<EcrRegistrySpec, EcrRegistryStatus> {

  @Override
  protected EcrRegistrySpec initSpec() {
    return new EcrRegistrySpec();
  }

  @Override
  protected EcrRegistryStatus initStatus() {
    return new EcrRegistryStatus();
  }
}
