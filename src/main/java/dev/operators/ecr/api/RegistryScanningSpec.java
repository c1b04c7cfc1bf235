package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The registry's scanning configuration: which repositories are scanned, and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.rules) || self.rules.all(r, (has(self.scanType) && self.scanType == 'ENHANCED')"
            + " ? r.scanFrequency in ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']"
            + " : r.scanFrequency in ['SCAN_ON_PUSH', 'MANUAL'])",
    message =
        "a scanning rule's scanFrequency must suit the scanType: SCAN_ON_PUSH or MANUAL with"
            + " BASIC, SCAN_ON_PUSH or CONTINUOUS_SCAN with ENHANCED; change the frequency or the"
            + " scan type")
public class RegistryScanningSpec {

  /** ECR's scan types. */
  public static final List<String> SCAN_TYPES = List.of("BASIC", "ENHANCED");

  /** PutRegistryScanningConfiguration's limit on rules. */
  public static final int MAX_RULES = 2;

  @JsonPropertyDescription(
      "BASIC (default: ECR's own scanning, on push or manual) or ENHANCED (Amazon Inspector).")
  @SchemaFrom(type = ScanType.class)
  @Default("BASIC")
  private String scanType;

  @JsonPropertyDescription("Up to 2 rules, in order. Empty: no repository is scanned by a rule.")
  @Size(max = MAX_RULES)
  private List<ScanningRuleSpec> rules;

  public String getScanType() {
    return scanType;
  }

  public void setScanType(String scanType) {
    this.scanType = scanType;
  }

  public List<ScanningRuleSpec> getRules() {
    return rules;
  }

  public void setRules(List<ScanningRuleSpec> rules) {
    this.rules = rules;
  }

  // The values of scanType, for the schema's enum.
  private enum ScanType {
    BASIC,
    ENHANCED
  }
}
