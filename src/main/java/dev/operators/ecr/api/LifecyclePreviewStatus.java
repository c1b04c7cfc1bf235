package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the current lifecycle policy would do now, as ECR's own preview computed it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePreviewStatus {
  @JsonPropertyDescription("Digest of the policy the preview is for.")
  private String policyDigest;

  @JsonPropertyDescription("Images the policy would expire now.")
  private Long expiring;

  @JsonPropertyDescription("Images the policy would move to archive now.")
  private Long transitioning;

  @JsonPropertyDescription("When ECR computed the preview.")
  private String computedAt;

  public LifecyclePreviewStatus() {}

  public LifecyclePreviewStatus(
      String policyDigest, Long expiring, Long transitioning, String computedAt) {
    this.policyDigest = policyDigest;
    this.expiring = expiring;
    this.transitioning = transitioning;
    this.computedAt = computedAt;
  }

  public String getPolicyDigest() {
    return policyDigest;
  }

  public void setPolicyDigest(String policyDigest) {
    this.policyDigest = policyDigest;
  }

  public Long getExpiring() {
    return expiring;
  }

  public void setExpiring(Long expiring) {
    this.expiring = expiring;
  }

  public Long getTransitioning() {
    return transitioning;
  }

  public void setTransitioning(Long transitioning) {
    this.transitioning = transitioning;
  }

  public String getComputedAt() {
    return computedAt;
  }

  public void setComputedAt(String computedAt) {
    this.computedAt = computedAt;
  }
}
