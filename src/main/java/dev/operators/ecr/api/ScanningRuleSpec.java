package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One scanning rule: how often the repositories its wildcard filters select are scanned. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScanningRuleSpec {

  /**
   * ECR's scanning filter (WILDCARD): lowercase letters, digits and {@code *}, separated by single
   * {@code .}, {@code _}, {@code -} or {@code /}. Written without the model's nested optional
   * group, which matches the same names but can take exponential time to refuse one.
   */
  public static final String FILTER_PATTERN = "^[a-z0-9*]+(?:[._/-][a-z0-9*]+)*$";

  /** ECR's scan frequencies. */
  public static final List<String> FREQUENCIES =
      List.of("SCAN_ON_PUSH", "CONTINUOUS_SCAN", "MANUAL");

  public static final int MAX_FILTERS = 100;
  public static final int MAX_FILTER = 255;

  @JsonPropertyDescription(
      "SCAN_ON_PUSH or MANUAL with BASIC scanning; SCAN_ON_PUSH or CONTINUOUS_SCAN with ENHANCED.")
  @Required
  @SchemaFrom(type = ScanFrequency.class)
  private String scanFrequency;

  @JsonPropertyDescription(
      "Repository name filters with * as wildcard (ECR's WILDCARD filters), up to 100; a set.")
  @Size(max = MAX_FILTERS)
  private List<@Pattern(FILTER_PATTERN) @Size(min = 1, max = MAX_FILTER) String> repositoryFilters;

  public String getScanFrequency() {
    return scanFrequency;
  }

  public void setScanFrequency(String scanFrequency) {
    this.scanFrequency = scanFrequency;
  }

  public List<String> getRepositoryFilters() {
    return repositoryFilters;
  }

  public void setRepositoryFilters(List<String> repositoryFilters) {
    this.repositoryFilters = repositoryFilters;
  }

  // The values of scanFrequency, for the schema's enum.
  private enum ScanFrequency {
    SCAN_ON_PUSH,
    CONTINUOUS_SCAN,
    MANUAL
  }
}
