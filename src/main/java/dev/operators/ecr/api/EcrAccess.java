package dev.operators.ecr.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which AWS identity acts for which resources: an IAM role the operator assumes (through STS, from
 * its own credentials) for the resources of the namespaces it selects, and for the registry-level
 * resources it selects. Cluster-scoped: the platform team, not a namespace's owners, decides which
 * account a namespace writes to.
 */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecraccess")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Role",
    jsonPath = ".spec.roleArn",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Account",
    jsonPath = ".status.account",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcrAccess extends CustomResource<EcrAccessSpec, EcrAccessStatus> {

  @Override
  protected EcrAccessSpec initSpec() {
    return new EcrAccessSpec();
  }

  @Override
  protected EcrAccessStatus initStatus() {
    return new EcrAccessStatus();
  }
}
