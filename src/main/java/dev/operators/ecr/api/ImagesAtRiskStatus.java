package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the lifecycle policy would take from running workloads: the images in use it would expire or
 * move to archive, as the operator's evaluator finds them when it computes the preview.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagesAtRiskStatus {
  @JsonPropertyDescription("Images in use that the policy would expire now.")
  private Long expiring;

  @JsonPropertyDescription("Images in use that the policy would move to archive now.")
  private Long archiving;

  @JsonPropertyDescription("The first five digests of those images, sorted.")
  private List<String> digests;

  @JsonPropertyDescription(
      "The first ten workloads that use them, sorted, such as \"Deployment team/api\".")
  private List<String> workloads;

  public ImagesAtRiskStatus() {}

  public ImagesAtRiskStatus(
      Long expiring, Long archiving, List<String> digests, List<String> workloads) {
    this.expiring = expiring;
    this.archiving = archiving;
    this.digests = digests;
    this.workloads = workloads;
  }

  public Long getExpiring() {
    return expiring;
  }

  public void setExpiring(Long expiring) {
    this.expiring = expiring;
  }

  public Long getArchiving() {
    return archiving;
  }

  public void setArchiving(Long archiving) {
    this.archiving = archiving;
  }

  public List<String> getDigests() {
    return digests;
  }

  public void setDigests(List<String> digests) {
    this.digests = digests;
  }

  public List<String> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<String> workloads) {
    this.workloads = workloads;
  }
}
