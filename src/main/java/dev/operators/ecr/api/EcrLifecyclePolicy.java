package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A lifecycle policy defined once by the platform team (cluster-scoped): repositories reference it
 * by name, and the one annotated as the default applies to repositories that declare none.
 */
@Group(EcrRepository.GROUP)
@Version(EcrRepository.VERSION)
@ShortNames("ecrlp")
@Categories({"aws", "ecr"})
@AdditionalPrinterColumn(
    name = "Default",
    jsonPath = ".metadata.annotations.ecr\\.operators\\.dev/is-default-policy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Repositories",
    jsonPath = ".status.repositories",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "In-Sync",
    jsonPath = ".status.repositoriesInSync",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Templates",
    jsonPath = ".status.templates",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcrLifecyclePolicy
    extends CustomResource<LifecyclePolicySpec, EcrLifecyclePolicyStatus> {

  /** Marks the cluster's default policy, as storageclass.kubernetes.io/is-default-class does. */
  public static final String DEFAULT_ANNOTATION = "ecr.operators.dev/is-default-policy";

  /** Whether this policy is annotated as the cluster default. */
  @JsonIgnore
  public boolean isDefault() {
    var annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(DEFAULT_ANNOTATION));
  }

  @Override
  protected LifecyclePolicySpec initSpec() {
    return new LifecyclePolicySpec();
  }

  @Override
  protected EcrLifecyclePolicyStatus initStatus() {
    return new EcrLifecyclePolicyStatus();
  }
}
