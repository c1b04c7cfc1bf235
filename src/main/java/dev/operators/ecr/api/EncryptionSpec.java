package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a repository's images are encrypted at rest; fixed when the repository is created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.kmsKey) || self.type in ['KMS', 'KMS_DSSE']",
    message =
        "encryption.kmsKey applies only to type KMS or KMS_DSSE (AES256 uses keys that ECR"
            + " manages); remove kmsKey, or set type KMS or KMS_DSSE")
public class EncryptionSpec {

  @JsonPropertyDescription("AES256 (ECR's default), KMS or KMS_DSSE.")
  @Required
  @SchemaFrom(type = EncryptionType.class)
  private String type;

  @JsonPropertyDescription(
      "With KMS or KMS_DSSE: the key's ARN, ID or alias; default the AWS managed key for ECR.")
  @Size(min = 1, max = 2048)
  private String kmsKey;

  public EncryptionSpec() {}

  public EncryptionSpec(String type, String kmsKey) {
    this.type = type;
    this.kmsKey = kmsKey;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getKmsKey() {
    return kmsKey;
  }

  public void setKmsKey(String kmsKey) {
    this.kmsKey = kmsKey;
  }

  // The values of type, for the schema's enum.
  private enum EncryptionType {
    AES256,
    KMS,
    KMS_DSSE
  }
}
