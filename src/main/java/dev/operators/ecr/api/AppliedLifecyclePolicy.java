package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The lifecycle policy this operator put on the repository, as recorded on the status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppliedLifecyclePolicy {

  @JsonPropertyDescription("Where the policy came from: inline or text.")
  private String source;

  @JsonPropertyDescription("sha256 digest of the policy's canonical form.")
  private String digest;

  @JsonPropertyDescription("When ECR last ran the policy, as ECR reports it.")
  private String lastEvaluatedAt;

  public AppliedLifecyclePolicy() {}

  public AppliedLifecyclePolicy(String source, String digest, String lastEvaluatedAt) {
    this.source = source;
    this.digest = digest;
    this.lastEvaluatedAt = lastEvaluatedAt;
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

  public String getLastEvaluatedAt() {
    return lastEvaluatedAt;
  }

  public void setLastEvaluatedAt(String lastEvaluatedAt) {
    this.lastEvaluatedAt = lastEvaluatedAt;
  }
}
