package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the operator observed of the registry's settings, section by section. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrRegistryStatus extends SettingStatus {

  /** The names of the sections, as {@link #getManagedSections()} lists them. */
  public static final String REPLICATION = "replication";

  public static final String SCANNING = "scanning";
  public static final String POLICY = "policy";
  public static final String SIGNING = "signing";
  public static final String EXCLUSIONS = "pullTimeUpdateExclusions";

  @JsonPropertyDescription(
      "The sections this resource manages in ECR (replication, scanning, policy, signing,"
          + " pullTimeUpdateExclusions): deleting the resource with deletionPolicy Delete undoes"
          + " only these.")
  private List<String> managedSections;

  @JsonPropertyDescription("Replication rules in ECR, when replication is managed.")
  private Integer replicationRules;

  @JsonPropertyDescription("Distinct replication destinations in ECR, when replication is managed.")
  private Integer replicationDestinations;

  @JsonPropertyDescription("The registry's scan type, when scanning is managed.")
  private String scanType;

  @JsonPropertyDescription("Scanning rules in ECR, when scanning is managed.")
  private Integer scanningRules;

  @JsonPropertyDescription(
      "sha256 of the registry policy's canonical form, when the policy is managed.")
  private String policyDigest;

  @JsonPropertyDescription("Signing rules in ECR, when signing is managed.")
  private Integer signingRules;

  @JsonPropertyDescription(
      "The pull-time update exclusions this resource registered and keeps registered; others'"
          + " are not listed.")
  private List<String> registeredExclusions;

  @JsonPropertyDescription(
      "Pull-time update exclusions in ECR (the account's, including others'), when exclusions are"
          + " managed.")
  private Integer exclusions;

  public List<String> getManagedSections() {
    return managedSections;
  }

  public void setManagedSections(List<String> managedSections) {
    this.managedSections = managedSections;
  }

  public Integer getReplicationRules() {
    return replicationRules;
  }

  public void setReplicationRules(Integer replicationRules) {
    this.replicationRules = replicationRules;
  }

  public Integer getReplicationDestinations() {
    return replicationDestinations;
  }

  public void setReplicationDestinations(Integer replicationDestinations) {
    this.replicationDestinations = replicationDestinations;
  }

  public String getScanType() {
    return scanType;
  }

  public void setScanType(String scanType) {
    this.scanType = scanType;
  }

  public Integer getScanningRules() {
    return scanningRules;
  }

  public void setScanningRules(Integer scanningRules) {
    this.scanningRules = scanningRules;
  }

  public String getPolicyDigest() {
    return policyDigest;
  }

  public void setPolicyDigest(String policyDigest) {
    this.policyDigest = policyDigest;
  }

  public Integer getSigningRules() {
    return signingRules;
  }

  public void setSigningRules(Integer signingRules) {
    this.signingRules = signingRules;
  }

  public List<String> getRegisteredExclusions() {
    return registeredExclusions;
  }

  public void setRegisteredExclusions(List<String> registeredExclusions) {
    this.registeredExclusions = registeredExclusions;
  }

  public Integer getExclusions() {
    return exclusions;
  }

  public void setExclusions(Integer exclusions) {
    this.exclusions = exclusions;
  }
}
