package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The lifecycle policy this operator put on the repository, as recorded on the status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppliedLifecyclePolicy {

  @JsonPropertyDescription(
      "Where the policy came from: inline, text, ref (spec.lifecyclePolicyRef) or default.")
  private String source;

  @JsonPropertyDescription("The EcrLifecyclePolicy it came from, for ref and default.")
  private String name;

  @JsonPropertyDescription("The first 12 hex digits of the digest.")
  private String version;

  @JsonPropertyDescription("sha256 digest of the policy's canonical form.")
  private String digest;

  @JsonPropertyDescription(
      "sha256 digest of the canonical form of the policy put on the repository, when it differs"
          + " from the one declared: the protection rule of images in use, then the declared"
          + " rules.")
  private String appliedDigest;

  @JsonPropertyDescription("When ECR last ran the policy, as ECR reports it.")
  private String lastEvaluatedAt;

  public AppliedLifecyclePolicy() {}

  public AppliedLifecyclePolicy(String source, String name, String digest, String lastEvaluatedAt) {
    this.source = source;
    this.name = name;
    this.digest = digest;
    this.version = versionOf(digest);
    this.lastEvaluatedAt = lastEvaluatedAt;
  }

  /** The short form of a {@code sha256:<hex>} digest shown by kubectl. */
  public static String versionOf(String digest) {
    if (digest == null) {
      return null;
    }
    String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
    return hex.substring(0, Math.min(12, hex.length()));
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getAppliedDigest() {
    return appliedDigest;
  }

  public void setAppliedDigest(String appliedDigest) {
    this.appliedDigest = appliedDigest;
  }

  public String getLastEvaluatedAt() {
    return lastEvaluatedAt;
  }

  public void setLastEvaluatedAt(String lastEvaluatedAt) {
    this.lastEvaluatedAt = lastEvaluatedAt;
  }
}
