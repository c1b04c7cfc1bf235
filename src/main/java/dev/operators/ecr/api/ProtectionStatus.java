package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the protection of images in use keeps (spec.inUseProtection Protect): the images that carry
 * this cluster's protection tag, which the first rule of the applied lifecycle policy keeps.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProtectionStatus {
  /** How many problems the status shows. */
  public static final int PROBLEMS_SHOWN = 5;

  @JsonPropertyDescription(
      "Images that carry this cluster's protection tag: in use, or out of use and not yet"
          + " released.")
  private Long protectedImages;

  @JsonPropertyDescription(
      "Of those, images out of use whose grace period (--in-use-grace) is not over.")
  private Long inGrace;

  @JsonPropertyDescription(
      "Of those, images out of use past the grace period whose protection tag is their last tag,"
          + " kept until the lifecycle policy as declared would expire them.")
  private Long keptByPolicy;

  @JsonPropertyDescription("What this cluster's protection tags begin with.")
  private String tagPrefix;

  @JsonPropertyDescription("When a protection tag was last added or removed.")
  private String lastChange;

  @JsonPropertyDescription(
      "Images in use that could not be protected, and why (the first "
          + PROBLEMS_SHOWN
          + "); absent when none.")
  private List<String> problems;

  public ProtectionStatus() {}

  public Long getProtectedImages() {
    return protectedImages;
  }

  public void setProtectedImages(Long protectedImages) {
    this.protectedImages = protectedImages;
  }

  public Long getInGrace() {
    return inGrace;
  }

  public void setInGrace(Long inGrace) {
    this.inGrace = inGrace;
  }

  public Long getKeptByPolicy() {
    return keptByPolicy;
  }

  public void setKeptByPolicy(Long keptByPolicy) {
    this.keptByPolicy = keptByPolicy;
  }

  public String getTagPrefix() {
    return tagPrefix;
  }

  public void setTagPrefix(String tagPrefix) {
    this.tagPrefix = tagPrefix;
  }

  public String getLastChange() {
    return lastChange;
  }

  public void setLastChange(String lastChange) {
    this.lastChange = lastChange;
  }

  public List<String> getProblems() {
    return problems;
  }

  public void setProblems(List<String> problems) {
    this.problems = problems;
  }
}
