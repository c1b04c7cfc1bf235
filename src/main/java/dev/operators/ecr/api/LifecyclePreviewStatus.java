package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What the current lifecycle policy would do now: the counts as ECR's own preview computed them,
 * the bytes and money as the operator's evaluator finds them over the repository's images.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecyclePreviewStatus {
  /** What follows the amount in {@code monthlySavings}: storage prices are in US dollars. */
  public static final String MONEY_UNIT = "USD/month";

  @JsonPropertyDescription("Digest of the policy the preview is for.")
  private String policyDigest;

  @JsonPropertyDescription("Images the policy would expire now.")
  private Long expiring;

  @JsonPropertyDescription("Images the policy would move to archive now.")
  private Long transitioning;

  @JsonPropertyDescription("When ECR computed the preview.")
  private String computedAt;

  @JsonPropertyDescription(
      "The sizes of the images the policy would expire now, archived ones included: the most"
          + " storage it would free (layers shared with images that stay are not freed).")
  private Long expiringBytes;

  @JsonPropertyDescription("The sizes of the images the policy would move to archive now.")
  private Long transitioningBytes;

  @JsonPropertyDescription(
      "What those actions save a month at the operator's storage prices, such as"
          + " \"1.25 USD/month\": an expired image its storage class's price, an archived one the"
          + " difference between the standard and archive prices.")
  private String monthlySavings;

  @JsonPropertyDescription(
      "The images in use (by Pods and workloads of the cluster) that the policy would expire or"
          + " archive now, computed with the preview, at computedAt; absent when the operator does"
          + " not watch what runs (in-use protection off).")
  private ImagesAtRiskStatus inUseAtRisk;

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

  public Long getExpiringBytes() {
    return expiringBytes;
  }

  public void setExpiringBytes(Long expiringBytes) {
    this.expiringBytes = expiringBytes;
  }

  public Long getTransitioningBytes() {
    return transitioningBytes;
  }

  public void setTransitioningBytes(Long transitioningBytes) {
    this.transitioningBytes = transitioningBytes;
  }

  public String getMonthlySavings() {
    return monthlySavings;
  }

  public void setMonthlySavings(String monthlySavings) {
    this.monthlySavings = monthlySavings;
  }

  public ImagesAtRiskStatus getInUseAtRisk() {
    return inUseAtRisk;
  }

  public void setInUseAtRisk(ImagesAtRiskStatus inUseAtRisk) {
    this.inUseAtRisk = inUseAtRisk;
  }
}
