package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A registry images are replicated to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicationDestinationSpec {

  /** ECR's region of a destination. */
  public static final String REGION_PATTERN = "^[0-9a-z-]{2,25}$";

  /** An AWS account id: ECR's registry id. */
  public static final String REGISTRY_ID_PATTERN = "^[0-9]{12}$";

  @JsonPropertyDescription("Region of the destination registry, e.g. eu-central-1.")
  @Required
  @Pattern(REGION_PATTERN)
  private String region;

  @JsonPropertyDescription(
      "Account id (12 digits) of the destination registry: this account's for cross-region"
          + " replication.")
  @Required
  @Pattern(REGISTRY_ID_PATTERN)
  private String registryId;

  public ReplicationDestinationSpec() {}

  public ReplicationDestinationSpec(String region, String registryId) {
    this.region = region;
    this.registryId = registryId;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRegistryId() {
    return registryId;
  }

  public void setRegistryId(String registryId) {
    this.registryId = registryId;
  }
}
