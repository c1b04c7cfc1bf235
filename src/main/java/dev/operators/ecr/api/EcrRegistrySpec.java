package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What an EcrRegistry declares. Each section is managed only while it is present: removing one
 * leaves ECR as it is and stops managing it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcrRegistrySpec {

  /** ECR's principal ARN: an IAM role or user. */
  public static final String PRINCIPAL_ARN_PATTERN =
      "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$";

  /** At most this many pull-time update exclusions per account (ECR's quota). */
  public static final int MAX_EXCLUSIONS = 100;

  /** ECR's limit on a principal ARN. */
  public static final int MAX_PRINCIPAL_ARN = 200;

  @JsonPropertyDescription(
      "AWS region of the registry, e.g. eu-west-1; defaults to the operator's region. Immutable.")
  @Pattern(EcrRepositorySpec.REGION_PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "region cannot change: an EcrRegistry manages the registry of one region; restore the"
              + " previous region, or create a new EcrRegistry for the other one")
  private String region;

  @JsonPropertyDescription(
      "The registry's replication rules (PutReplicationConfiguration). Not managed when absent;"
          + " present with no rules, replication is turned off.")
  private RegistryReplicationSpec replication;

  @JsonPropertyDescription(
      "The registry's scanning configuration (PutRegistryScanningConfiguration). Not managed when"
          + " absent.")
  private RegistryScanningSpec scanning;

  @JsonPropertyDescription(
      "The registry permission policy (IAM JSON), compared by meaning. Not managed when absent.")
  @Size(min = 1, max = 10240)
  private String policy;

  @JsonPropertyDescription(
      "The registry's managed signing rules (PutSigningConfiguration). Not managed when absent.")
  private RegistrySigningSpec signing;

  @JsonPropertyDescription(
      "ARNs of IAM roles or users whose pulls do not move an image's last recorded pull time. The"
          + " operator registers these and deregisters those it registered that this list"
          + " dropped; exclusions registered by others stay. Not managed when absent.")
  @Size(max = MAX_EXCLUSIONS)
  private List<@Pattern(PRINCIPAL_ARN_PATTERN) @Size(max = MAX_PRINCIPAL_ARN) String>
      pullTimeUpdateExclusions;

  @JsonPropertyDescription(
      "Retain (default) leaves the registry's settings as they are when this resource is deleted;"
          + " Delete undoes the sections it manages: no replication rules, BASIC scanning with no"
          + " rules, no registry policy, no signing configuration, and the exclusions it"
          + " registered deregistered.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public RegistryReplicationSpec getReplication() {
    return replication;
  }

  public void setReplication(RegistryReplicationSpec replication) {
    this.replication = replication;
  }

  public RegistryScanningSpec getScanning() {
    return scanning;
  }

  public void setScanning(RegistryScanningSpec scanning) {
    this.scanning = scanning;
  }

  public String getPolicy() {
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public RegistrySigningSpec getSigning() {
    return signing;
  }

  public void setSigning(RegistrySigningSpec signing) {
    this.signing = signing;
  }

  public List<String> getPullTimeUpdateExclusions() {
    return pullTimeUpdateExclusions;
  }

  public void setPullTimeUpdateExclusions(List<String> pullTimeUpdateExclusions) {
    this.pullTimeUpdateExclusions = pullTimeUpdateExclusions;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
